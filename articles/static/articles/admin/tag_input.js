'use strict';
// Tag fields (articles/tag_input.py): the admin's own Select2 in tagging mode. As you
// type it lists existing tags that match, with how many posts have each, and offers to
// add the typed name as a new tag only when no existing tag has that name in any case.
// Each chosen tag stays its own <option>, so names with commas or quotes need no quoting.
{
  const $ = django.jQuery;

  function sameName(a, b) {
    return a.toLocaleLowerCase() === b.toLocaleLowerCase();
  }

  function label(item) {
    if (item.loading || item.posts === undefined) {
      return item.newTag ? `Add the new tag “${item.text}”` : item.text;
    }
    return `${item.text} (${item.posts} ${item.posts === 1 ? 'post' : 'posts'})`;
  }

  function start(select) {
    $(select).select2({
      width: 'style',
      // No token separators: a tag's name may contain a comma, so only Enter or a click
      // adds a tag.
      tags: true,
      ajax: {
        url: select.dataset.suggestUrl,
        dataType: 'json',
        delay: 200,
        data: (params) => ({ term: params.term, page: params.page || 1 }),
      },
      createTag: (params) => {
        const term = params.term.trim().replace(/\s+/g, ' ');
        return term ? { id: term, text: term, newTag: true } : null;
      },
      // After the existing tags, and not at all if one has this name already.
      insertTag: (results, tag) => {
        if (!results.some((item) => sameName(item.text, tag.text))) {
          results.push(tag);
        }
      },
      templateResult: label,
      templateSelection: (item) => item.text,
    });
    // Select2's search box has no label of its own: give it the field's.
    const name = $(`label[for="${select.id}"]`).text().replace(/:$/, '') || 'Tags';
    $(select).next('.select2').find('.select2-search__field').attr('aria-label', name);
  }

  $(() => {
    $('select.tag-input').each((index, select) => start(select));
  });
}
