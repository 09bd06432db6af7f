/** The first tab stop of every page: jump past the navigation to the content. */
export function SkipLink() {
  return (
    <a className="imr-skip-link" href="#main">
      Skip to main content
    </a>
  );
}
