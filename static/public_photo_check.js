// The public forms: a photo larger than the server takes is refused here, before
// sending, in the page's language (the message comes from the page). Without this
// the parent would send the whole form for nothing and get an error page.
(function () {
  "use strict";
  function tooLarge(input) {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    return input.files && input.files.length > 0 && input.files[0].size > max;
  }
  function check(input) {
    var box = document.getElementById(input.id + "-size");
    if (tooLarge(input)) {
      box.textContent = input.getAttribute("data-too-large");
      box.hidden = false;
      input.classList.add("is-invalid");
      input.value = "";  // nothing too large is sent; the rest of the form stays
      return false;
    }
    box.hidden = true;
    input.classList.remove("is-invalid");
    return true;
  }
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () { check(input); });
    input.form.addEventListener("submit", function (event) {
      if (!check(input)) {
        event.preventDefault();
        input.focus();
      }
    });
  });
})();
