/* coursekit: building the page's elements. Text only ever goes in as textContent,
 * so nothing from a file or from storage is read as markup.
 */

/** <tag attrs...>children</tag>; `text` sets the text, `className` the class. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}
