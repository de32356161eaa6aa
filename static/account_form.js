/* The account form (templates/admin/user_create.html, user_edit.html): the
   state, district, police unit and institution fields are shown only for the
   roles that have them (the JSON in #account-fields, from access/roles.py).
   A field that is hidden is emptied too, so a unit chosen for a police
   account does not stay on an account that became a CWC member's; the server
   refuses such a mix anyway (access/accounts.py). As the page comes, nothing
   is emptied, and a field with a value or an error stays in view. */
(function () {
  'use strict';

  var data = document.getElementById('account-fields');
  var role = document.getElementById('role');
  if (!data || !role) {
    return;
  }
  var fields = JSON.parse(data.textContent);

  function group(input) {
    return input.closest('.form-group') || input.parentNode;
  }

  // A relation's empty choice is sent as "__None" (WTForms' QuerySelectField).
  function blank(input) {
    return !input.value || input.value === '__None';
  }

  function empty(input) {
    if (blank(input)) {
      return;
    }
    var none = input.querySelector && input.querySelector('option[value="__None"]');
    input.value = none ? '__None' : '';
    if (window.jQuery) {
      window.jQuery(input).trigger('change');  // Select2 shows the empty choice
    }
  }

  function update(event) {
    Object.keys(fields).forEach(function (name) {
      var input = document.getElementById(name);
      if (!input) {
        return;
      }
      var needed = fields[name].indexOf(role.value) !== -1;
      if (!needed && event) {  // a role changed by hand, not the page as it came
        empty(input);
      }
      // As the page came, a value or an error the server sent back stays in view.
      var keep = !event && (!blank(input) || group(input).querySelector('.invalid-feedback'));
      group(input).hidden = !needed && !keep;
    });
  }

  if (window.jQuery) {
    window.jQuery(role).on('change', update);  // native changes, and Select2's
  } else {
    role.addEventListener('change', update);
  }
  update();
})();
