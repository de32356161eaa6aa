/* The panel's widgets in the page's language: Select2's messages (ajax choices of
   a child or report) and the date picker's buttons, months and days. The texts
   come from the JSON that templates/admin/balsetu_base.html writes
   (admin_views/labels.py widget_texts). */
(function ($) {
  var island = document.getElementById('balsetu-widget-texts');
  if (!island || !$) { return; }
  var t = JSON.parse(island.textContent);
  function count(text, n) { return text.replace('%(count)s', n); }

  if ($.fn.select2) {
    $.extend($.fn.select2.defaults, {
      formatNoMatches: function () { return t.no_matches; },
      formatSearching: function () { return t.searching; },
      formatLoadMore: function () { return t.load_more; },
      formatAjaxError: function () { return t.ajax_error; },
      formatInputTooShort: function (input, min) { return count(t.too_short, min - input.length); },
      formatInputTooLong: function (input, max) { return count(t.too_long, input.length - max); },
      formatSelectionTooBig: function (limit) { return count(t.too_big, limit); },
      formatMatches: function (n) { return count(t.matches, n); }
    });
  }
  if (window.moment) {
    window.moment.locale(t.locale, {months: t.months, monthsShort: t.months_short,
      weekdays: t.weekdays, weekdaysShort: t.weekdays_short, weekdaysMin: t.weekdays_min});
  }
  // Flask-Admin's form.js starts its date pickers when the page is ready; this
  // handler is registered first, so it runs first and gives them our texts.
  $(function () {
    var original = $.fn.daterangepicker;
    if (!original) { return; }
    $.fn.daterangepicker = function (options, callback) {
      var locale = {applyLabel: t.apply, cancelLabel: t.cancel, fromLabel: t.from, toLabel: t.to,
        weekLabel: t.week, customRangeLabel: t.custom_range, daysOfWeek: t.weekdays_min,
        monthNames: t.months_short, firstDay: 0};
      options = $.extend({}, options, {locale: $.extend(locale, (options || {}).locale)});
      return original.call(this, options, callback);
    };
  });
})(window.jQuery);
