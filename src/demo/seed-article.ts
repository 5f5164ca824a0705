import type { ArticleCreateInput } from '../content/article.service.js';
import type { ArticleBlock, CreditInput, Language } from '../content/content.types.js';
import type { DemoImageOptions } from './demo-images.js';

/**
 * The seed article (/work/shared/seed/000_599ab10bb9eaf1e4.txt, design notes in seed-article-page.md) rebuilt as
 * structured content: the page's hand-made parts become fields. The caption's " [YONHAP]" becomes the credit, the
 * byline pasted as the last paragraph becomes a credit, the lead photo becomes the featured image (so it is not
 * also a body block), and alt text describes the picture instead of repeating the caption.
 *
 * Section: `world`. North Korea stories have no section of their own in the demo; the "North Korea" tag is the
 * topic page, which keeps the section menu to the six desks the newsroom actually has.
 *
 * The English text is the seed's text verbatim (curly quotes as typed). The Korean version is our own translation,
 * linked to the English one through `translationOf`.
 */

export const SEED_HEADLINE_EN = 'Captured North Korean war prisoners in Ukraine ask to be brought to South Korea';
export const SEED_HEADLINE_KO = '우크라이나에 억류된 북한군 포로 2명 “한국으로 보내달라”';

/** The contributor profile the byline links to. */
export const SEED_AUTHOR = {
  slug: 'kim-ju-yeon',
  nameKo: '김주연',
  nameEn: 'Kim Ju-yeon',
  kind: 'contributor',
  organization: 'Yonhap',
  email: 'kim.juyeon2@joongang.co.kr',
  location: 'Seoul',
  bioEn: 'Seoul-based reporter whose Yonhap News Agency reports appear on Sinmun through the agency’s wire service.',
  bioKo: '서울에서 활동하는 기자. 연합뉴스 통신 서비스를 통해 신문에 기사가 실린다.',
} as const;

/** "BY KIM JU-YEON, YONHAP [kim.juyeon2@joongang.co.kr]" as data. */
export const SEED_CREDITS_EN: CreditInput[] = [
  { name: 'Kim Ju-yeon', role: 'reporter', organization: 'Yonhap', email: 'kim.juyeon2@joongang.co.kr', authorSlug: 'kim-ju-yeon' },
];
export const SEED_CREDITS_KO: CreditInput[] = [
  { name: '김주연', role: 'reporter', organization: '연합뉴스', email: 'kim.juyeon2@joongang.co.kr', authorSlug: 'kim-ju-yeon' },
];

/** The fields of one media item in one language. */
export interface SeedImageText {
  alt: string;
  caption: string;
  credit: string;
}

export interface SeedImage {
  /** File name the upload is stored under (the media service derives the stored name from it). */
  originalName: string;
  /** How the stand-in picture is drawn; the seed's real photos belong to Yonhap and are not ours to ship. */
  render: DemoImageOptions;
  usageTerms: string;
  text: Record<Language, SeedImageText>;
}

const USAGE_TERMS =
  'Demo placeholder: a generated illustration standing in for the Yonhap photo the caption describes. Not a photograph; replace with the licensed photo before any real use.';

/**
 * The two photos. Captions are the seed's (curly-apostrophe version) without " [YONHAP]"; the credit carries the
 * agency. Alt texts were written from what the captions say the photos show, for readers who cannot see them.
 */
export const SEED_IMAGES: { lead: SeedImage; inside: SeedImage } = {
  lead: {
    originalName: 'north-korean-prisoners-of-war-meal.jpg',
    render: { width: 1600, height: 900, title: 'Prisoners of war eating in their room', hue: 32, seed: 1, scene: 'interior' },
    usageTerms: USAGE_TERMS,
    text: {
      en: {
        alt: 'Two young men in padded jackets sit on a bunk bed eating from bowls; a framed hand-drawn portrait hangs on the wall above them.',
        caption:
          'North Korean prisoners of war, identified by their surnames Baek and Ri, captured by Ukrainian forces, eat food sent by North Korean defector groups while meeting with a documentary producer at a prisoner camp in Ukraine on Oct. 28. A hand-drawn portrait of North Korean leader Kim Jong-un can be seen on the wall above their bed, in this photo provided by a North Korean defectors’ activist group on Oct. 30.',
        credit: 'YONHAP',
      },
      ko: {
        alt: '누비 점퍼를 입은 젊은 남성 두 명이 2층 침대에 앉아 그릇에 담긴 음식을 먹고 있고, 그 위 벽에 손으로 그린 초상화가 액자에 걸려 있다.',
        caption:
          '우크라이나군에 생포된 북한군 포로 백모씨와 리모씨가 10월 28일 우크라이나의 한 포로수용소에서 다큐멘터리 제작자를 만나 탈북민 단체가 보낸 음식을 먹고 있다. 침대 위 벽에 김정은 북한 국무위원장의 손그림 초상화가 걸려 있다. 사진은 탈북민 활동가 단체가 10월 30일 제공했다.',
        credit: '연합뉴스',
      },
    },
  },
  inside: {
    originalName: 'north-korean-prisoner-of-war-meets-producer.jpg',
    render: { width: 1600, height: 900, title: 'A prisoner of war meets a documentary producer', hue: 205, seed: 2, scene: 'interior' },
    usageTerms: USAGE_TERMS,
    text: {
      en: {
        alt: 'A young man in a dark jacket sits facing a woman across a small table in a plain room with a window behind them.',
        caption: 'A North Korean prisoner of war meets with producer Kim Young-mi at a prisoner camp in Ukraine on Oct. 28 in this photo provided by an activist group on Oct. 30.',
        credit: 'YONHAP',
      },
      ko: {
        alt: '어두운 점퍼 차림의 젊은 남성이 창문이 있는 수수한 방에서 작은 탁자를 사이에 두고 한 여성과 마주 앉아 있다.',
        caption: '북한군 포로가 10월 28일 우크라이나의 한 포로수용소에서 김영미 PD를 만나고 있다. 사진은 한 활동가 단체가 10월 30일 제공했다.',
        credit: '연합뉴스',
      },
    },
  },
};

/**
 * The seed's body paragraphs, verbatim, split where the second photo stands. The no-break space in
 * "lawmaker\u00a0Yu" is in the seed text too; it is kept, written as an escape so it stays visible here.
 */
export const SEED_PARAGRAPHS_EN_BEFORE_PHOTO: readonly string[] = [
  'Two North Korean prisoners of war in Ukraine, captured while fighting for Russia and detained since early 2025, have pleaded with a visiting documentary producer to bring them to South Korea, an activist said on October 31.',
  'Jang Se-yul, head of a North Korean defectors’ group in South Korea, disclosed the meeting between two North Korean captives in their 20s and a South Korean documentary producer on October 28 at a prisoner camp near Kyiv, Ukraine, where they are currently held.',
  'The North Korean soldiers first came to media attention when Ukrainian President Volodymyr Zelensky wrote online in January that they had been captured by Ukrainian forces in Russia’s western Kursk region while in battle.',
  '“Please bring [us] to South Korea,” Jang quoted them as telling the producer, weeping.',
  'Both of them expressed a desire to go to South Korea, Jang suggested, a change from February, when only one of them had expressed such an intent during a meeting with South Korean lawmaker\u00a0Yu Yong-weon.',
  'The soldier had expressed a desire to have a home and start a family in the South, according to Yu. Sending the soldiers back to the North would be a “death sentence,” the lawmaker said.',
  'Provided photos showed that the jaw wound sustained by one of them at the time of capture was now healed, though it had left some bone distortion. Otherwise, they appeared to be in a relatively healthy state.',
  'Hand-drawn portraits of North Korean leader Kim Jong-un were hung on the bed of one of them.',
];
export const SEED_PARAGRAPHS_EN_AFTER_PHOTO: readonly string[] = [
  'They asked for medicine for eye diseases, knitted clothes, trousers, cigarettes, pens and books via the producer, Jang said, also conveying Ukrainian officials’ remarks that they were in a state of psychological instability and had attempted to harm themselves.',
  'South Korea has notified the Ukrainian government of its intent to receive the North Korean captives if their intentions were confirmed, but no progress appears to be underway on their transfer.',
  'North Korea has deployed 15,000 troops to fight alongside Russia in its war with Ukraine since October last year, as the two states forge increasingly close military ties.',
  'Some 600 North Korean soldiers are believed to have been killed while fighting for Russia, and more than 4,000 North Korean troops have also been injured, according to South Korea’s spy agency.',
  'Kim has touted the troops as “heroes” who were assigned to carry out the “most important duty.”',
];

const SEED_PARAGRAPHS_KO_BEFORE_PHOTO: readonly string[] = [
  '러시아군 편에서 싸우다 붙잡혀 올해 초부터 우크라이나에 억류된 북한군 포로 2명이 현지를 찾은 다큐멘터리 제작자에게 한국으로 데려가 달라고 호소했다고 한 활동가가 10월 31일 밝혔다.',
  '국내 탈북민 단체를 이끄는 장세율 대표는 20대인 북한군 포로 2명이 10월 28일 현재 수용돼 있는 우크라이나 키이우 인근 포로수용소에서 한국인 다큐멘터리 제작자를 만났다고 전했다.',
  '이들은 볼로디미르 젤렌스키 우크라이나 대통령이 지난 1월 러시아 서부 쿠르스크 지역 전투에서 우크라이나군이 북한군 병사들을 생포했다고 온라인에 알리면서 처음 언론의 주목을 받았다.',
  '장 대표에 따르면 이들은 눈물을 흘리며 제작자에게 “(우리를) 한국으로 보내달라”고 말했다.',
  '장 대표는 두 사람 모두 한국행을 희망했다고 전했다. 지난 2월 유용원 의원과 면담했을 때 둘 중 한 명만 한국행 의사를 밝혔던 것과 달라진 것이다.',
  '유 의원에 따르면 당시 이 병사는 한국에서 집을 마련하고 가정을 꾸리고 싶다는 뜻을 밝혔다. 유 의원은 이들을 북한으로 돌려보내는 것은 “사형 선고”나 다름없다고 말했다.',
  '제공된 사진을 보면 생포 당시 한 명이 입은 턱 부상은 뼈가 다소 틀어진 흔적을 남긴 채 아문 상태였다. 그 밖에는 비교적 건강해 보였다.',
  '한 명의 침대에는 손으로 그린 김정은 북한 국무위원장의 초상화가 걸려 있었다.',
];
const SEED_PARAGRAPHS_KO_AFTER_PHOTO: readonly string[] = [
  '장 대표는 이들이 제작자를 통해 안과 질환 치료제와 뜨개옷, 바지, 담배, 펜, 책 등을 보내달라고 요청했다고 전했다. 또 우크라이나 당국자들로부터 이들이 심리적으로 불안정한 상태이며 자해를 시도한 적도 있다는 말을 들었다고 덧붙였다.',
  '한국 정부는 이들의 의사가 확인되면 받아들이겠다는 뜻을 우크라이나 정부에 전달했지만, 이들의 한국 이송은 진척이 없는 것으로 보인다.',
  '북한은 러시아와 군사 협력을 급속히 강화하면서 지난해 10월부터 우크라이나 전쟁에 병력 1만5천 명을 파병했다.',
  '국가정보원에 따르면 러시아를 위해 싸우다 숨진 북한군은 약 600명으로 추정되며, 부상자도 4천 명이 넘는다.',
  '김 위원장은 파병 부대를 “가장 중요한 임무”를 수행한 “영웅”이라고 치켜세웠다.',
];

const paragraph = (text: string): ArticleBlock => ({ type: 'paragraph', content: [{ text }] });

/** Media ids of the two pictures in the article's language (the media item carries that language's alt and caption). */
export interface SeedMediaIds {
  leadImageId: number;
  insideImageId: number;
}

function seedBody(language: Language, insideImageId: number): ArticleBlock[] {
  const before = language === 'en' ? SEED_PARAGRAPHS_EN_BEFORE_PHOTO : SEED_PARAGRAPHS_KO_BEFORE_PHOTO;
  const after = language === 'en' ? SEED_PARAGRAPHS_EN_AFTER_PHOTO : SEED_PARAGRAPHS_KO_AFTER_PHOTO;
  const text = SEED_IMAGES.inside.text[language];
  return [
    ...before.map(paragraph),
    // The block repeats the media item's texts so a Content API client that does not resolve media still has them.
    { type: 'image', mediaId: insideImageId, caption: text.caption, credit: text.credit, alt: text.alt },
    ...after.map(paragraph),
  ];
}

export function buildSeedArticleEn(media: SeedMediaIds): ArticleCreateInput {
  return {
    language: 'en',
    headline: SEED_HEADLINE_EN,
    dek: 'Two North Korean soldiers captured while fighting for Russia have asked a visiting South Korean documentary producer to bring them to South Korea, an activist says.',
    type: 'news',
    section: 'world',
    tags: ['North Korea', 'Ukraine', 'Prisoners of war', 'Russia'],
    credits: SEED_CREDITS_EN,
    dateline: 'SEOUL',
    breaking: false,
    featuredImage: media.leadImageId,
    seoTitle: 'North Korean POWs in Ukraine ask to be sent to South Korea',
    seoDescription:
      'Two North Korean soldiers held at a prisoner camp near Kyiv since early 2025 pleaded with a South Korean documentary producer to bring them to South Korea, a defectors’ group says.',
    source: { name: 'Yonhap News Agency', url: null },
    body: seedBody('en', media.insideImageId),
  };
}

export function buildSeedArticleKo(media: SeedMediaIds & { translationOf: number }): ArticleCreateInput {
  return {
    language: 'ko',
    headline: SEED_HEADLINE_KO,
    dek: '러시아군으로 참전했다가 우크라이나군에 붙잡힌 북한군 포로 2명이 현지를 찾은 한국 다큐멘터리 제작자에게 한국행을 호소했다고 탈북민 단체 대표가 밝혔다.',
    type: 'news',
    section: 'world',
    tags: ['북한', '우크라이나', '전쟁포로', '러시아'],
    credits: SEED_CREDITS_KO,
    dateline: '서울',
    breaking: false,
    featuredImage: media.leadImageId,
    seoTitle: '우크라이나 억류 북한군 포로 2명 “한국으로 보내달라”',
    seoDescription: '키이우 인근 포로수용소에 억류된 20대 북한군 포로 2명이 한국인 다큐멘터리 제작자에게 한국행을 호소했다고 탈북민 단체가 전했다.',
    source: { name: '연합뉴스', url: null },
    body: seedBody('ko', media.insideImageId),
    translationOf: media.translationOf,
  };
}
