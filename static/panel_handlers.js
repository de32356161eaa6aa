/* The panel's click handlers, from a file the Content-Security-Policy allows.

   app.py's policy runs no inline script: no onclick="..." attribute and no
   href="javascript:..." link. Flask-Admin's templates use both, so the panel's
   copies of them (templates/admin/actions.html, templates/admin/model/layout.html)
   carry data attributes instead, and this file does what the inline code did:

   - [data-bulk-action] ("With selected" → Restore, ...): Flask-Admin's
     actions.js runs the action on the ticked rows, after the action's
     confirmation; its texts are the page's own (#message-data and
     #actions-confirmation-data, in the user's language);
   - [data-print] (the sheet of temporary passwords): prints the page;
   - links to "#" or to "javascript:" only open a menu, add a filter or mark the
     current tab (Flask-Admin keeps a few in templates we do not copy): the
     click does that without leaving the page, and never reaches the CSP.

   Forms are checked by the server, whose messages are in the user's language:
   the browser's own "Please fill out this field" bubbles (in the browser's
   language) are turned off. One thing only the browser knows is kept: a date
   or number half typed (validity.badInput) would reach the server as empty and
   be lost, so such a form is stopped here with the panel's own message.

   Loaded on every panel page by templates/admin/balsetu_base.html. The listener
   runs in the capture phase, before the menus' own handlers (which may stop the
   click from bubbling). */
(function () {
  'use strict';

  function placeholder(link) {
    var href = (link.getAttribute('href') || '').trim();
    return href === '#' || /^javascript:/i.test(href);
  }

  var island = document.getElementById('balsetu-widget-texts');
  var texts = island ? JSON.parse(island.textContent) : {};

  function stopHalfTyped(event) {
    var form = event.target;
    var bad = Array.prototype.filter.call(form.elements, function (field) {
      return field.validity && field.validity.badInput;
    });
    bad.forEach(function (field) {
      field.classList.add('is-invalid');
      var note = field.parentNode.querySelector('.balsetu-bad-input');
      if (!note) {
        note = document.createElement('div');
        note.className = 'invalid-feedback d-block balsetu-bad-input';
        field.insertAdjacentElement('afterend', note);
      }
      note.textContent = texts.bad_input || '';
    });
    if (bad.length) {
      event.preventDefault();
      bad[0].focus();
    }
  }

  // Lists on a phone read as cards: each cell carries its column's heading
  // (static/balsetu.css shows it before the value on small screens).
  document.querySelectorAll('table.model-list').forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll('tbody tr').forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        cell.setAttribute('data-label', headings[index] || '');
      });
    });
  });

  document.querySelectorAll('form.admin-form').forEach(function (form) {
    form.noValidate = true;
    form.addEventListener('submit', stopHalfTyped);
  });

  document.addEventListener('click', function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest('a[href]') : null;
    if (link && placeholder(link)) {
      event.preventDefault();
    }
    var printer = target && target.closest ? target.closest('[data-print]') : null;
    if (printer) {
      event.preventDefault();
      window.print();
    }
    var action = target && target.closest ? target.closest('[data-bulk-action]') : null;
    if (action && window.modelActions) {
      event.preventDefault();
      window.modelActions.execute(action.getAttribute('data-bulk-action'));
    }
  }, true);
})();
