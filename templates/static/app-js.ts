/**
 * The one script (served at /static/app.js). It only enhances; every page works without it:
 * - the "add row" and "remove row" buttons of a repeatable group work in place (a new row comes from the group's
 *   template) instead of posting the form to the server to draw it again;
 * - a form that came back with errors has the focus on its list of errors;
 * - leaving a form with changes not sent asks first (sending it, or a button that posts it, does not).
 * - a form marked data-autosubmit (a form kept across a session's renewal) is sent on its own.
 */
export const APP_JS = `(function () {
  'use strict';
  function rowsOf(group) { return Array.prototype.slice.call(group.querySelectorAll('.row-list > .row')); }

  function renumber(group) {
    var name = group.getAttribute('data-group');
    var label = group.getAttribute('data-label') || '';
    var first = group.getAttribute('data-label-first') || '';
    var nameRe = new RegExp('^' + name + '\\\\[\\\\d+\\\\]');
    var idRe = new RegExp('^f-' + name + '-\\\\d+');
    rowsOf(group).forEach(function (row, i) {
      var id = function (x) { return x.replace(idRe, 'f-' + name + '-' + i); };
      row.querySelectorAll('[name]').forEach(function (el) {
        if (el.name === '_remove') { el.value = name + '.' + i; return; }
        el.name = el.name.replace(nameRe, name + '[' + i + ']');
      });
      row.querySelectorAll('[id]').forEach(function (el) { el.id = id(el.id); });
      row.querySelectorAll('label[for]').forEach(function (el) { el.setAttribute('for', id(el.getAttribute('for'))); });
      row.querySelectorAll('[aria-describedby]').forEach(function (el) {
        el.setAttribute('aria-describedby', el.getAttribute('aria-describedby').split(' ').map(id).join(' '));
      });
      var text = i === 0 && first ? first : label.replace('{n}', String(i + 1));
      var head = row.querySelector('.row-label');
      if (head && label) head.textContent = text;
      var named = row.querySelector('.row-name');
      if (named && label) named.textContent = ' ' + text;
    });
    var max = Number(group.getAttribute('data-max') || '999');
    var add = group.querySelector('button[name="_add"]');
    if (add) add.hidden = rowsOf(group).length >= max;
  }

  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('button[name="_add"], button[name="_remove"]') : null;
    if (!button) return;
    var group = button.closest('fieldset.rows');
    var list = group && group.querySelector('.row-list');
    var template = group && group.querySelector('template');
    if (!list || !template) return;
    event.preventDefault();
    if (button.name === '_add') {
      var copy = template.content.firstElementChild.cloneNode(true);
      list.appendChild(copy);
      renumber(group);
      var focus = copy.querySelector('input:not([type="hidden"]), textarea, select');
      if (focus) focus.focus();
    } else {
      var rows = rowsOf(group);
      var min = Number(group.getAttribute('data-min') || '0');
      var row = button.closest('.row');
      if (rows.length <= min) {
        row.querySelectorAll('input:not([type="hidden"]), textarea').forEach(function (el) { el.value = ''; });
        return;
      }
      row.remove();
      renumber(group);
      var next = group.querySelector('button[name="_add"]');
      if (next) next.focus();
    }
    changed = true;
  });

  var errors = document.getElementById('errors');
  if (errors) errors.focus();

  var changed = false;
  var sending = false;
  document.addEventListener('input', function (event) {
    if (event.target instanceof Element && event.target.closest('form[method="post"].form')) changed = true;
  });
  document.addEventListener('submit', function () { sending = true; });
  window.addEventListener('pageshow', function () { sending = false; });
  window.addEventListener('beforeunload', function (event) {
    if (!changed || sending) return;
    event.preventDefault();
    event.returnValue = '';
  });

  // a form carried across a session's renewal goes on by itself, once
  document.querySelectorAll('form[data-autosubmit]').forEach(function (form) {
    form.removeAttribute('data-autosubmit');
    form.submit();
  });
})();
`;
