from django.db import connections


class QueryCountHeaderMiddleware:
    """Bench mode only: report the SQL queries a request made in X-SQL-Queries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = []
        for connection in connections.all():
            wrappers.append(connection.execute_wrapper(counter))
            wrappers[-1].__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-SQL-Queries"] = str(count)
        return response
