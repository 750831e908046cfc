// "Copy link" under a post: shown only where the browser can copy (the other share links
// need no script). Loaded from this site, so the Content Security Policy allows it.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("[data-copy-url]").forEach(function (button) {
    var share = button.closest(".share");
    var status = share && share.querySelector(".share-status");
    var item = button.closest("[hidden]");
    if (item) item.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-url");
      navigator.clipboard.writeText(url).then(
        function () { if (status) status.textContent = "Link copied."; },
        function () { if (status) status.textContent = "Could not copy. The address is " + url; }
      );
    });
  });
})();
