# Varnish 7.1 in front of Campaign4Change: keeps public pages until the site purges
# them by dependency key (xkey), passes everything personal straight to the app.
# docs/caching.md ("At the edge") says what the site sends; docs/deployment.md how to run it.
vcl 4.1;

import std;
import xkey;

include "./backends.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "A purge names its keys in an xkey header"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.X-Purged));
    }

    # Parameters only analytics read, as the app leaves them out of its own cache key
    # (TRACKING_PARAMETERS in campaign4change/pagecache/middleware.py: keep the two lists
    # the same; tests/test_edge_varnish.py checks every one). Every click on a shared post
    # gets its own fbclid: kept in the URL, each would be a miss.
    if (req.url ~ "[?&](utm_[^&=]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|twclid|ttclid|yclid|igshid|li_fat_id|mc_cid|mc_eid|_ga|_gl)(=|&|$)") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[^&=]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|twclid|ttclid|yclid|igshid|li_fat_id|mc_cid|mc_eid|_ga|_gl)(=[^&]*)?(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    # The newsroom: the admin, the editor's uploads, and anyone signed in (session
    # cookie) or with a message waiting. Never looked up, never stored.
    if (req.url ~ "^/(admin|ckeditor|_nested_admin)(/|$)") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|messages)=") {
        return (pass);
    }
    # Any other cookie (analytics, a CSRF token left from a visit to the admin) changes
    # nothing on a public page: dropped, so that every reader shares one copy.
    unset req.http.Cookie;
}

sub vcl_hash {
    # Behind a TLS terminator, http and https pages differ (their absolute links).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # The app's own cache state (HIT/MISS/PASS) stays readable as X-App-Cache; X-Cache
    # is Varnish's (vcl_deliver).
    if (beresp.http.X-Cache) {
        set beresp.http.X-App-Cache = beresp.http.X-Cache;
        unset beresp.http.X-Cache;
    }
    if (beresp.http.Surrogate-Control ~ "(?i)no-store" || beresp.http.Set-Cookie) {
        # A page whose content changed while it rendered, or anything personal.
        call vcl_beresp_hitmiss;
    }
    if (beresp.http.Surrogate-Control ~ "(?i)max-age=[0-9]+") {
        # A public page, with its keys in xkey: kept until a purge names one of them
        # (or max-age, a bound on memory, passes). Cache-Control (max-age=0,
        # must-revalidate) is for browsers, which ask Varnish again each time.
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "(?i)^.*max-age=([0-9]+).*$", "\1s"), 0s);
        set beresp.grace = 10s;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "(?i)(^|,)\s*public(,|$)") {
        # Nothing else is kept unless it says it is public (static files): a 404 or a
        # redirect must not outlive the publication that changes it.
        call vcl_beresp_hitmiss;
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
    # For Varnish only (a CDN in front strips them the same way).
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
}
