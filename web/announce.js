// @ts-check
/**
 * Telling screen-reader users what just happened ("Saved 55% at 05:15", "2
 * problems in the form") through two live regions that index.html carries
 * from the start (a region added at the moment it speaks is often not read):
 * `#announce-polite` for results, `#announce-alert` for errors. Sighted users
 * see the same words on the page; these regions are visually hidden. The
 * words stay in the region until the next announcement.
 */

/**
 * Announces `text` once. The region is emptied first and filled on the next
 * frame, so saying the same words twice is read twice.
 *
 * @example announce('Saved 55% at 05:15')
 * @example announce('Known since can\'t be in the future', { urgent: true })
 * @param {string} text
 * @param {{ urgent?: boolean }} [opts] urgent: an error (read at once, interrupting)
 */
export function announce(text, opts = {}) {
  const region = document.getElementById(opts.urgent ? 'announce-alert' : 'announce-polite');
  if (!region) return;
  region.textContent = '';
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}
