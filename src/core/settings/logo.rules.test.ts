import { describe, expect, it } from 'vitest';
import { encodePng } from '../files/png.ts';
import { logoTypeOf, svgProblem } from './logo.rules.ts';

const ok = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Harbour IR -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 40" xml:space="preserve">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1c4e80"/><stop offset="1" stop-color="#3a7bd5"/></linearGradient></defs>
  <style>.wave { fill: url(#g); }</style>
  <title>Harbour IR</title>
  <path class="wave" d="M0 30 Q30 10 60 30 T120 30 V40 H0 Z" style="fill:url('#g')"/>
  <use xlink:href="#g" data-name="a &gt; b"/>
  <text x="4" y="20" font-family="DejaVu Sans">Harbour IR</text>
</svg>`;

describe('SVG logos', () => {
  it('accepts a plain drawing with gradients, styles and fragment references', () => {
    expect(svgProblem(ok)).toBeNull();
    expect(logoTypeOf(Buffer.from(ok))).toBe('image/svg+xml');
  });

  it.each([
    ['a script', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', '<script>'],
    ['an upper-case script', '<svg><SCRIPT>alert(1)</SCRIPT></svg>', '<SCRIPT>'],
    ['onload', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'event attribute'],
    ['an event attribute after a quoted >', '<svg><rect title="a>b" onclick="alert(1)"/></svg>', 'event attribute'],
    ['an unquoted attribute', '<svg onload=alert(1)></svg>', 'not name="value"'],
    ['a namespaced event', '<svg><rect x:onclick="alert(1)"/></svg>', 'event attribute'],
    ['foreignObject', '<svg><foreignObject><div/></foreignObject></svg>', '<foreignObject>'],
    ['an external href', '<svg><use href="https://evil.example/x.svg#a"/></svg>', 'references'],
    ['a javascript xlink:href', '<svg><use xlink:href="javascript:alert(1)"/></svg>', 'references'],
    ['an entity-encoded href', '<svg><use href="&#106;avascript:alert(1)"/></svg>', 'references'],
    ['a link', '<svg><a href="#x"><rect/></a></svg>', '<a>'],
    ['an image', '<svg><image href="#x"/></svg>', '<image>'],
    ['animation setting an href', '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', '<set>'],
    ['an external url() in a style', '<svg><rect style="fill:url(https://evil.example/p)"/></svg>', 'outside'],
    ['an external url() in a style element', '<svg><style>rect{fill:url(//evil.example/p)}</style></svg>', 'outside'],
    ['@import', '<svg><style>@import "https://evil.example/x.css";</style></svg>', 'outside'],
    ['an entity', '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', 'DOCTYPE'],
    [
      'an xml-stylesheet',
      '<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?><svg/>',
      'processing',
    ],
    ['CDATA', '<svg><style><![CDATA[rect{}]]></style></svg>', 'CDATA'],
    ['an XHTML namespace', '<svg><g xmlns="http://www.w3.org/1999/xhtml"><rect/></g></svg>', 'namespace'],
    [
      'a prefixed element',
      '<svg xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>',
      'namespace',
    ],
    ['text before the root', '<div><svg/></div>', '<div>'],
  ])('refuses %s', (_what, svg, reason) => {
    const problem = svgProblem(svg);
    expect(problem).not.toBeNull();
    expect(problem).toContain(reason);
  });

  it('tells PNG, safe SVG, unsafe SVG and anything else apart by content', () => {
    expect(logoTypeOf(encodePng(4, 4, () => [0, 0, 0]))).toBe('image/png');
    expect(logoTypeOf(Buffer.from('<svg><script/></svg>'))).toBe('svg-unsafe');
    expect(logoTypeOf(Buffer.from('%PDF-1.7 hello'))).toBeNull();
    expect(logoTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBeNull();
  });
});
