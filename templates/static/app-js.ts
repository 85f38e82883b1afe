/**
 * The one script (served at /static/app.js). It only enhances: the "add row" and "remove row" buttons of a
 * repeatable group work in place instead of posting the form to the server to re-render it, and a form marked
 * data-autosubmit (a form kept across a session's renewal) is sent on its own. Every page works without it.
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
      row.querySelectorAll('[name]').forEach(function (el) {
        if (el.name === '_remove') { el.value = name + '.' + i; return; }
        el.name = el.name.replace(nameRe, name + '[' + i + ']');
      });
      row.querySelectorAll('[id]').forEach(function (el) { el.id = el.id.replace(idRe, 'f-' + name + '-' + i); });
      row.querySelectorAll('label[for]').forEach(function (el) {
        el.setAttribute('for', el.getAttribute('for').replace(idRe, 'f-' + name + '-' + i));
      });
      row.querySelectorAll('[aria-describedby]').forEach(function (el) {
        el.setAttribute('aria-describedby', el.getAttribute('aria-describedby').split(' ').map(function (x) {
          return x.replace(idRe, 'f-' + name + '-' + i);
        }).join(' '));
      });
      var head = row.querySelector('.row-label');
      if (head && label) head.textContent = i === 0 && first ? first : label.replace('{n}', String(i + 1));
    });
    var max = Number(group.getAttribute('data-max') || '999');
    var add = group.querySelector('button[name="_add"]');
    if (add) add.hidden = rowsOf(group).length >= max;
  }

  function blank(row) {
    row.querySelectorAll('input, textarea').forEach(function (el) {
      if (el.type !== 'hidden') el.value = '';
      el.removeAttribute('aria-invalid');
    });
    row.querySelectorAll('select').forEach(function (el) { el.selectedIndex = 0; el.removeAttribute('aria-invalid'); });
    row.querySelectorAll('.error').forEach(function (el) { el.remove(); });
    row.querySelectorAll('.has-error').forEach(function (el) { el.classList.remove('has-error'); });
  }

  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('button[name="_add"], button[name="_remove"]') : null;
    if (!button) return;
    var group = button.closest('fieldset.rows');
    if (!group) return;
    var rows = rowsOf(group);
    var list = group.querySelector('.row-list');
    if (!list || rows.length === 0) return;
    event.preventDefault();
    if (button.name === '_add') {
      var copy = rows[rows.length - 1].cloneNode(true);
      blank(copy);
      list.appendChild(copy);
      renumber(group);
      var focus = copy.querySelector('input:not([type="hidden"]), textarea, select');
      if (focus) focus.focus();
    } else {
      var min = Math.max(1, Number(group.getAttribute('data-min') || '1'));
      var row = button.closest('.row');
      if (rows.length <= min) { blank(row); return; }
      row.remove();
      renumber(group);
      var next = group.querySelector('button[name="_add"]');
      if (next) next.focus();
    }
  });

  // a form carried across a session's renewal goes on by itself, once
  document.querySelectorAll('form[data-autosubmit]').forEach(function (form) {
    form.removeAttribute('data-autosubmit');
    form.submit();
  });
})();
`;
