import type { Language } from '../content/content.types.js';
import type { Section } from '../content/taxonomy.service.js';
import type { WeatherReading } from '../delivery/weather.service.js';

/** What every page template receives besides its own data. Plain data only: render/ never touches the database. */
export interface RenderContext {
  lang: Language;
  siteName: string;
  siteUrl: string;
  timeZone: string;
  now: Date;
  weather: WeatherReading | undefined;
  sections: Section[];
  assets: { css: string; embedJs: string; favicon: string };
  /** The path of this page in the other language, when there is one (the language switch links to it). */
  alternatePath?: string | undefined;
  currentSectionSlug?: string | undefined;
  /** Show the newsletter sign-up form (only when the site can send mail). */
  newsletterSignup?: boolean;
}
