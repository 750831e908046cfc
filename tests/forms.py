"""Submit admin forms the way a browser would: read the rendered form, change fields."""

from html.parser import HTMLParser

from django.urls import reverse


class _FormReader(HTMLParser):
    """Collects what a browser would submit from one form of a page."""

    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.fields = []  # (name, value) in document order
        self.textarea = None
        self.select = None
        self.select_value = None
        self.select_first = None
        self.option_value = None
        self.names = {}  # name -> kind ("text", "textarea", "select", "hidden"...)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.in_form:
            form_id = attrs.get("id") or ""
            # Admin change forms are "<model>_form"; skip the header's logout form.
            wanted = form_id.endswith("_form") if self.form_id is None else form_id == self.form_id
            if wanted:
                self.in_form = True
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
                self.names.setdefault(name, kind)
                return
            self.fields.append((name, attrs.get("value", "")))
            self.names.setdefault(name, kind)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.select_value, self.select_first = name, [], None
            self.multiple = "multiple" in attrs
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self.select_value.append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "form":
            self.in_form, self.done = False, True
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((name, value[1:] if value.startswith("\n") else value))
            self.names.setdefault(name, "textarea")
            self.textarea = None
        elif tag == "select" and self.select is not None:
            values = self.select_value
            if not values and not self.multiple and self.select_first is not None:
                values = [self.select_first]
            for value in values:
                self.fields.append((self.select, value))
            self.names.setdefault(self.select, "select")
            self.select = None


def read_form(html, form_id=None):
    """(data, kinds): the form's submission as {name: value or [values]}, and each
    field's kind. Inline formset templates (__prefix__) are left out."""
    reader = _FormReader(form_id)
    reader.feed(html if isinstance(html, str) else html.decode())
    data = {}
    for name, value in reader.fields:
        if "__prefix__" in name:
            continue
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    kinds = {name: kind for name, kind in reader.names.items() if "__prefix__" not in name}
    return data, kinds


def admin_form(client, url):
    """GET an admin add/change page and return what submitting it unchanged would send."""
    response = client.get(url)
    assert response.status_code == 200, response
    data, _ = read_form(response.content)
    data.pop("csrfmiddlewaretoken", None)
    return data


def change_url(obj):
    """The admin change page of `obj`."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
