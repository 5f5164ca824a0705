import { createHash } from 'node:crypto';
import sharp from 'sharp';

/**
 * Demo pictures, drawn locally as SVG and encoded to JPEG by sharp, so a fresh install has a front page with
 * photographs-shaped images without shipping or downloading anyone's photos. They are abstract on purpose: a
 * generated picture standing in for a news photo must never be mistakable for one, hence the "Illustration" mark.
 *
 * Everything is derived from the options through a seeded PRNG, so the same options always give the same bytes.
 * No filters (blur, turbulence): librsvg renders those slowly at 1600×900 and gradients give the same softness.
 */
export type DemoScene = 'city' | 'landscape' | 'interior';

export interface DemoImageOptions {
  width: number;
  height: number;
  /** Seeds the composition and goes into the SVG's <title>; it is never drawn as text. */
  title: string;
  /**
   * Colour key in degrees (0–360): the accent of a portrait's backdrop or a room's furnishings, and a tint of the
   * sky, stone and water of a scene. Skies stay blue and lit windows warm whatever the hue, so no value looks broken.
   */
  hue: number;
  seed?: number;
  /** Which composition to draw; square images default to 'portrait', others to a scene picked by the seed. */
  kind?: 'scene' | 'portrait';
  scene?: DemoScene;
  /** Draws the small "Illustration" mark in a corner (default true). */
  mark?: boolean;
}

export async function renderDemoImage(options: DemoImageOptions): Promise<Buffer> {
  const width = Math.max(16, Math.round(options.width));
  const height = Math.max(16, Math.round(options.height));
  const rng = seededRandom(`${options.title}|${options.hue}|${options.seed ?? 0}|${width}x${height}`);
  const kind = options.kind ?? (width === height ? 'portrait' : 'scene');
  const hue = ((options.hue % 360) + 360) % 360;
  const ctx: Ctx = { width, height, hue, tint: (hue / 360) * 40 - 20, rng };
  let body: string;
  if (kind === 'portrait') {
    body = portrait(ctx);
  } else {
    const scenes: DemoScene[] = ['city', 'landscape', 'interior'];
    const scene = options.scene ?? scenes[Math.floor(rng() * scenes.length)] ?? 'city';
    body = scene === 'city' ? city(ctx) : scene === 'landscape' ? landscape(ctx) : interior(ctx);
  }
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(options.title)}</title>`,
    body,
    vignette(ctx),
    options.mark === false ? '' : illustrationMark(ctx),
    '</svg>',
  ].join('');
  // density 72 keeps librsvg's 1 SVG unit = 1 pixel, so the output is exactly width×height.
  return sharp(Buffer.from(svg), { density: 72 }).flatten({ background: '#000000' }).jpeg({ quality: 82, chromaSubsampling: '4:2:0' }).toBuffer();
}

// ## building blocks

interface Ctx {
  width: number;
  height: number;
  hue: number;
  /** −20…20, derived from hue: shifts the natural colours of a scene a little. */
  tint: number;
  rng: () => number;
}

/** mulberry32 seeded from a SHA-256 of the key: tiny, fast and identical on every platform. */
function seededRandom(key: string): () => number {
  let state = createHash('sha256').update(key).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const n = (value: number): string => (Math.round(value * 10) / 10).toString();
const hsl = (h: number, s: number, l: number): string => `hsl(${n(((h % 360) + 360) % 360)},${n(s)}%,${n(l)}%)`;
const between = (rng: () => number, min: number, max: number): number => min + rng() * (max - min);

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** A ridge line across the image by midpoint displacement, closed down to the bottom edge. */
function ridge(ctx: Ctx, baseY: number, roughness: number, steps = 6): string {
  const { width, height, rng } = ctx;
  let points = [baseY + between(rng, -roughness, roughness), baseY + between(rng, -roughness, roughness)];
  let spread = roughness;
  for (let i = 0; i < steps; i++) {
    const next: number[] = [];
    for (let j = 0; j < points.length - 1; j++) {
      const a = points[j] ?? baseY;
      const b = points[j + 1] ?? baseY;
      next.push(a, (a + b) / 2 + between(rng, -spread, spread));
    }
    next.push(points[points.length - 1] ?? baseY);
    points = next;
    spread *= 0.55;
  }
  const step = width / (points.length - 1);
  const line = points.map((y, i) => `${n(i * step)},${n(y)}`).join(' ');
  return `M0,${n(height)} L${line} L${n(width)},${n(height)} Z`;
}

/** Blue at the zenith, violet to rose in the middle, a warm glow at the horizon: a sky at any tint. */
function skyGradient(id: string, tint: number, top: number, bottom: number): string {
  return `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(215 + tint, 45, top)}"/><stop offset="0.6" stop-color="${hsl(285 + tint * 2, 25, (top + bottom) / 2)}"/><stop offset="1" stop-color="${hsl(28 + tint / 2, 75, bottom)}"/></linearGradient>`;
}

function glow(id: string, color: string, opacity: number): string {
  return `<radialGradient id="${id}"><stop offset="0" stop-color="${color}" stop-opacity="${opacity}"/><stop offset="0.35" stop-color="${color}" stop-opacity="${n(opacity * 0.45)}"/><stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient>`;
}

function bokeh(ctx: Ctx, count: number, color: string, yMin: number, yMax: number): string {
  const { width, rng } = ctx;
  let out = '';
  for (let i = 0; i < count; i++) {
    const r = between(rng, 0.008, 0.03) * width;
    out += `<circle cx="${n(rng() * width)}" cy="${n(between(rng, yMin, yMax))}" r="${n(r)}" fill="url(#bokeh)" opacity="${n(between(rng, 0.25, 0.7))}"/>`;
  }
  return `<defs>${glow('bokeh', color, 0.9)}</defs>${out}`;
}

function clouds(ctx: Ctx, count: number, maxY: number, lightness: number): string {
  const { width, rng, tint } = ctx;
  let out = `<defs>${glow('cloud', hsl(20 + tint, 30, lightness), 0.55)}</defs>`;
  for (let i = 0; i < count; i++) {
    const rx = between(rng, 0.12, 0.3) * width;
    out += `<ellipse cx="${n(rng() * width)}" cy="${n(between(rng, 0.05, 1) * maxY)}" rx="${n(rx)}" ry="${n(rx * between(rng, 0.12, 0.25))}" fill="url(#cloud)"/>`;
  }
  return out;
}

/** Darkens the edges like a lens does; this more than anything makes flat shapes read as a photograph. */
function vignette(ctx: Ctx): string {
  return `<defs><radialGradient id="vignette" cx="0.5" cy="0.5" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.55"/></radialGradient></defs><rect width="${ctx.width}" height="${ctx.height}" fill="url(#vignette)"/>`;
}

/**
 * A small pill in the bottom-right corner: a vector pen nib (drawn without fonts) and the word, which is tiny and
 * decorative — if the machine has no fonts at all the nib alone still marks the picture as an illustration.
 */
function illustrationMark(ctx: Ctx): string {
  const size = Math.max(10, Math.round(Math.min(ctx.width, ctx.height) * 0.022));
  const textWidth = size * 7.2;
  const w = size * 2.4 + textWidth;
  const h = size * 1.8;
  const x = ctx.width - w - size;
  const y = ctx.height - h - size;
  const nib = `M${n(x + size * 0.6)},${n(y + h * 0.78)} l${n(size * 0.35)},${n(-size * 0.9)} l${n(size * 0.35)},${n(size * 0.9)} l${n(-size * 0.35)},${n(size * 0.25)} Z`;
  return (
    `<g><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(h / 2)}" fill="#000" fill-opacity="0.45"/>` +
    `<path d="${nib}" fill="#fff" fill-opacity="0.9"/>` +
    `<text x="${n(x + size * 1.7)}" y="${n(y + h * 0.68)}" font-family="sans-serif" font-size="${size}" textLength="${n(textWidth)}" lengthAdjust="spacingAndGlyphs" fill="#fff" fill-opacity="0.9">ILLUSTRATION</text></g>`
  );
}

// ## compositions

/** Dusk over a skyline: graded sky, low sun, lit windows, a street vanishing into the distance. */
function city(ctx: Ctx): string {
  const { width, height, tint, rng } = ctx;
  const horizon = height * between(rng, 0.58, 0.68);
  const sunX = width * between(rng, 0.2, 0.8);
  let buildings = '';
  let windows = '';
  let windowCount = 0;
  for (const layer of [0, 1]) {
    let x = -between(rng, 0, 40);
    while (x < width) {
      const w = between(rng, 0.04, 0.1) * width;
      const h = (layer === 0 ? between(rng, 0.12, 0.38) : between(rng, 0.06, 0.22)) * height;
      const top = horizon - h + (layer === 1 ? height * 0.03 : 0);
      buildings += `<rect x="${n(x)}" y="${n(top)}" width="${n(w + 1)}" height="${n(height - top)}" fill="${hsl(235 + tint, 18, layer === 0 ? 22 : 12)}"/>`;
      if (layer === 1 && windowCount < 260) {
        const cols = Math.max(1, Math.floor(w / 18));
        const rows = Math.max(1, Math.floor((horizon + height * 0.03 - top) / 22));
        for (let r = 0; r < rows && windowCount < 260; r++) {
          for (let c = 0; c < cols && windowCount < 260; c++) {
            if (rng() < 0.3) {
              windows += `<rect x="${n(x + 5 + c * 18)}" y="${n(top + 8 + r * 22)}" width="8" height="11" fill="${hsl(42 + tint / 2, 90, between(rng, 60, 80))}" fill-opacity="${n(between(rng, 0.5, 0.95))}"/>`;
              windowCount++;
            }
          }
        }
      }
      x += w + between(rng, 0, 12);
    }
  }
  const road = `M${n(width * 0.46)},${n(horizon + height * 0.03)} L${n(width * 0.54)},${n(horizon + height * 0.03)} L${n(width * 0.95)},${n(height)} L${n(width * 0.05)},${n(height)} Z`;
  return [
    `<defs>${skyGradient('sky', tint, 30, 68)}${glow('sun', hsl(35 + tint / 2, 95, 75), 0.95)}<linearGradient id="street" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(235 + tint, 15, 16)}"/><stop offset="1" stop-color="${hsl(235 + tint, 15, 6)}"/></linearGradient><linearGradient id="lane" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(40, 60, 55)}" stop-opacity="0.1"/><stop offset="1" stop-color="${hsl(40, 70, 60)}" stop-opacity="0.45"/></linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="url(#sky)"/>`,
    `<circle cx="${n(sunX)}" cy="${n(horizon - height * 0.08)}" r="${n(height * 0.45)}" fill="url(#sun)"/>`,
    clouds(ctx, 5, horizon * 0.7, 80),
    buildings,
    `<rect x="0" y="${n(horizon + height * 0.03)}" width="${width}" height="${n(height)}" fill="url(#street)"/>`,
    `<path d="${road}" fill="${hsl(235 + tint, 10, 11)}"/>`,
    `<path d="M${n(width * 0.497)},${n(horizon + height * 0.03)} L${n(width * 0.503)},${n(horizon + height * 0.03)} L${n(width * 0.515)},${n(height)} L${n(width * 0.485)},${n(height)} Z" fill="url(#lane)"/>`,
    windows,
    bokeh(ctx, 14, hsl(38 + tint / 2, 90, 70), horizon, height),
  ].join('');
}

/** Hills fading into haze over water, with the sky reflected in it. */
function landscape(ctx: Ctx): string {
  const { width, height, tint, rng } = ctx;
  const water = height * between(rng, 0.66, 0.74);
  const sunX = width * between(rng, 0.25, 0.75);
  const layers = [0.42, 0.5, 0.58, 0.64]
    .map((f, i) => `<path d="${ridge(ctx, height * f, height * (0.12 - i * 0.02))}" fill="${hsl(215 + tint + i * 6, 16 + i * 3, 68 - i * 14)}"/>`)
    .join('');
  return [
    `<defs>${skyGradient('sky', tint, 42, 80)}${glow('sun', hsl(45, 100, 88), 1)}<linearGradient id="glint" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(45, 100, 88)}" stop-opacity="0.45"/><stop offset="1" stop-color="${hsl(45, 100, 88)}" stop-opacity="0"/></linearGradient><linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(25 + tint, 40, 68)}"/><stop offset="1" stop-color="${hsl(220 + tint, 35, 18)}"/></linearGradient><linearGradient id="haze" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff" stop-opacity="0"/><stop offset="1" stop-color="${hsl(30, 50, 85)}" stop-opacity="0.35"/></linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="url(#sky)"/>`,
    `<circle cx="${n(sunX)}" cy="${n(height * 0.42)}" r="${n(height * 0.5)}" fill="url(#sun)"/>`,
    clouds(ctx, 6, height * 0.4, 92),
    layers,
    `<rect x="0" y="${n(height * 0.35)}" width="${width}" height="${n(water - height * 0.35)}" fill="url(#haze)"/>`,
    `<rect x="0" y="${n(water)}" width="${width}" height="${n(height - water)}" fill="url(#water)"/>`,
    `<ellipse cx="${n(sunX)}" cy="${n(water + (height - water) * 0.35)}" rx="${n(width * 0.04)}" ry="${n((height - water) * 0.45)}" fill="url(#glint)"/>`,
    Array.from({ length: 10 }, () => {
      const y = between(rng, water + 4, height - 10);
      const w = between(rng, 0.05, 0.2) * width;
      return `<rect x="${n(sunX - w / 2 + between(rng, -40, 40))}" y="${n(y)}" width="${n(w)}" height="2" fill="#fff" fill-opacity="${n(between(rng, 0.08, 0.25))}"/>`;
    }).join(''),
  ].join('');
}

/** A plain room: a window throwing a shaft of light across a wall and floor, the edge of a bed frame. */
function interior(ctx: Ctx): string {
  const { width, height, hue, tint, rng } = ctx;
  const floorY = height * between(rng, 0.68, 0.76);
  // Window on the left half, bed on the right, so the two never overlap.
  const winX = width * between(rng, 0.08, 0.28);
  const winW = width * between(rng, 0.18, 0.26);
  const winY = height * 0.14;
  const winH = height * 0.36;
  const beam = `M${n(winX)},${n(winY + winH)} L${n(winX + winW)},${n(winY + winH)} L${n(winX + winW * 2.4)},${n(height)} L${n(winX + winW * 0.9)},${n(height)} Z`;
  const bedX = width * between(rng, 0.6, 0.66);
  const bedTop = floorY - height * 0.2;
  const frame = hsl(220, 10, 20);
  const trim = hsl(30 + tint, 12, 24);
  return [
    `<defs><linearGradient id="wall" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${hsl(35 + tint, 14, 36)}"/><stop offset="1" stop-color="${hsl(35 + tint, 12, 20)}"/></linearGradient><linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(25 + tint, 20, 26)}"/><stop offset="1" stop-color="${hsl(25 + tint, 22, 12)}"/></linearGradient><linearGradient id="pane" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(205 + tint, 45, 88)}"/><stop offset="1" stop-color="${hsl(40, 60, 82)}"/></linearGradient><linearGradient id="beam" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(45, 80, 85)}" stop-opacity="0.3"/><stop offset="1" stop-color="${hsl(45, 80, 85)}" stop-opacity="0.05"/></linearGradient><linearGradient id="blanket" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(hue, 30, 38)}"/><stop offset="1" stop-color="${hsl(hue, 30, 22)}"/></linearGradient>${glow('lamp', hsl(45, 90, 80), 0.5)}</defs>`,
    `<rect width="${width}" height="${height}" fill="url(#wall)"/>`,
    `<rect x="0" y="${n(floorY)}" width="${width}" height="${n(height - floorY)}" fill="url(#floor)"/>`,
    `<rect x="0" y="${n(floorY - 6)}" width="${width}" height="6" fill="${hsl(25 + tint, 15, 16)}"/>`,
    `<circle cx="${n(winX + winW / 2)}" cy="${n(winY + winH / 2)}" r="${n(winH * 1.3)}" fill="url(#lamp)"/>`,
    `<rect x="${n(winX - 10)}" y="${n(winY - 10)}" width="${n(winW + 20)}" height="${n(winH + 20)}" fill="${trim}"/>`,
    `<rect x="${n(winX)}" y="${n(winY)}" width="${n(winW)}" height="${n(winH)}" fill="url(#pane)"/>`,
    `<rect x="${n(winX + winW / 2 - 4)}" y="${n(winY)}" width="8" height="${n(winH)}" fill="${trim}"/>`,
    `<rect x="${n(winX)}" y="${n(winY + winH / 2 - 4)}" width="${n(winW)}" height="8" fill="${trim}"/>`,
    `<path d="${beam}" fill="url(#beam)"/>`,
    // A small framed picture on the wall and the bed below it.
    `<rect x="${n(bedX + width * 0.08)}" y="${n(height * 0.2)}" width="${n(width * 0.07)}" height="${n(height * 0.12)}" fill="${hsl(hue + 180, 20, 66)}" stroke="${frame}" stroke-width="6"/>`,
    `<rect x="${n(bedX)}" y="${n(bedTop)}" width="${n(width - bedX + 20)}" height="${n(height * 0.1)}" rx="12" fill="url(#blanket)"/>`,
    `<rect x="${n(bedX)}" y="${n(bedTop + height * 0.1)}" width="${n(width - bedX + 20)}" height="${n(height * 0.04)}" fill="${frame}"/>`,
    `<rect x="${n(bedX)}" y="${n(height * 0.18)}" width="10" height="${n(floorY - height * 0.18 + height * 0.06)}" fill="${frame}"/>`,
    `<rect x="${n(bedX)}" y="${n(height * 0.18)}" width="${n(width - bedX)}" height="10" fill="${frame}"/>`,
    `<ellipse cx="${n(bedX + width * 0.12)}" cy="${n(bedTop + 6)}" rx="${n(width * 0.06)}" ry="${n(height * 0.03)}" fill="${hsl(40, 15, 78)}"/>`,
    bokeh(ctx, 6, hsl(45, 60, 90), winY, floorY),
  ].join('');
}

/** A head-and-shoulders silhouette against a soft studio backdrop, for author profiles. */
function portrait(ctx: Ctx): string {
  const { width: w, height: h, hue, rng } = ctx;
  const cx = w * between(rng, 0.47, 0.53);
  const headY = h * 0.4;
  const headR = w * between(rng, 0.15, 0.17);
  const shoulderY = h * 0.72;
  const shoulders = `M${n(cx - w * 0.42)},${n(h)} C${n(cx - w * 0.4)},${n(shoulderY)} ${n(cx - w * 0.22)},${n(shoulderY - h * 0.06)} ${n(cx - w * 0.09)},${n(shoulderY - h * 0.08)} L${n(cx + w * 0.09)},${n(shoulderY - h * 0.08)} C${n(cx + w * 0.22)},${n(shoulderY - h * 0.06)} ${n(cx + w * 0.4)},${n(shoulderY)} ${n(cx + w * 0.42)},${n(h)} Z`;
  const neck = `M${n(cx - headR * 0.45)},${n(headY + headR * 0.6)} L${n(cx + headR * 0.45)},${n(headY + headR * 0.6)} L${n(cx + headR * 0.55)},${n(shoulderY - h * 0.06)} L${n(cx - headR * 0.55)},${n(shoulderY - h * 0.06)} Z`;
  const fill = hsl(220, 8, 15);
  return [
    `<defs><radialGradient id="backdrop" cx="${n(between(rng, 0.35, 0.65))}" cy="0.35" r="0.8"><stop offset="0" stop-color="${hsl(hue, 45, 72)}"/><stop offset="1" stop-color="${hsl(hue + 20, 40, 32)}"/></radialGradient><linearGradient id="rim" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${hsl(hue, 60, 85)}" stop-opacity="0.3"/><stop offset="0.45" stop-color="${hsl(hue, 60, 85)}" stop-opacity="0"/></linearGradient></defs>`,
    `<rect width="${w}" height="${h}" fill="url(#backdrop)"/>`,
    `<path d="${shoulders}" fill="${fill}"/>`,
    `<path d="${neck}" fill="${fill}"/>`,
    `<ellipse cx="${n(cx)}" cy="${n(headY)}" rx="${n(headR)}" ry="${n(headR * 1.18)}" fill="${fill}"/>`,
    `<ellipse cx="${n(cx)}" cy="${n(headY)}" rx="${n(headR)}" ry="${n(headR * 1.18)}" fill="url(#rim)"/>`,
    `<path d="${shoulders}" fill="url(#rim)"/>`,
  ].join('');
}
