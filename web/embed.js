// sslab frames that fit their content: include this script once in a page
// that embeds sslab (<script src=".../web/embed.js" async></script>), and
// every sslab iframe on it takes the height its lab reports (the "resize"
// message of the embedding protocol, /embed/). A frame marked
// data-sslab-fixed keeps the size it was given.
"use strict";
addEventListener("message", (e) => {
  const m = e.data;
  if (!m || m.source !== "sslab" || m.type !== "resize" || !(m.height > 0) || m.height > 100000) return;
  for (const f of document.querySelectorAll("iframe:not([data-sslab-fixed])")) {
    if (f.contentWindow === e.source) f.style.height = Math.ceil(m.height) + "px";
  }
});
