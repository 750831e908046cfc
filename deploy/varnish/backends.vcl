# What differs between deployments: where the app servers are, and who may purge.
# site.vcl includes this file; edit it (or put your own earlier in varnishd's vcl_path).

backend default {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# The app servers (they send PURGE requests after each change: DJANGO_EDGE_PURGE).
acl purgers {
    "127.0.0.1";
    "::1";
}
