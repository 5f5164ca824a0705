import { describe, expect, it } from 'vitest';
import { focalClasses } from '../render/components/picture.js';
import { derivativeWidths } from './media-derivatives.job.js';

describe('derivativeWidths', () => {
  it('never upscales and always includes the original width (capped at 1920)', () => {
    expect(derivativeWidths(100)).toEqual([100]);
    expect(derivativeWidths(320)).toEqual([320]);
    expect(derivativeWidths(700)).toEqual([320, 640, 700]);
    expect(derivativeWidths(1600)).toEqual([320, 640, 960, 1280, 1600]);
    expect(derivativeWidths(1920)).toEqual([320, 640, 960, 1280, 1920]);
    expect(derivativeWidths(6000)).toEqual([320, 640, 960, 1280, 1920]);
  });
});

describe('focalClasses', () => {
  it('quantises the focal point to 5 % steps (the reader CSP allows no inline style)', () => {
    expect(focalClasses({ focalX: 0.5, focalY: 0.5 })).toBe('fx-50 fy-50');
    expect(focalClasses({ focalX: 0, focalY: 1 })).toBe('fx-0 fy-100');
    expect(focalClasses({ focalX: 0.26, focalY: 0.79 })).toBe('fx-25 fy-80');
  });
});
