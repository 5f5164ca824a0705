import { randomBytes } from 'node:crypto';
import type { AccountsService } from '../accounts/accounts.service.js';
import { actorOf } from '../accounts/accounts.service.js';
import type { Actor } from '../accounts/accounts.types.js';
import type { ArticleCreateInput, ArticleService } from '../content/article.service.js';
import type { AuthorService } from '../content/author.service.js';
import type { ArticleBlock, ArticleType, CreditRole, Language } from '../content/content.types.js';
import type { MediaService } from '../content/media.service.js';
import type { TaxonomyService } from '../content/taxonomy.service.js';
import type { WorkflowService } from '../workflow/workflow.service.js';
import type { DemoImageOptions } from './demo-images.js';
import { renderDemoImage } from './demo-images.js';
import type { SeedImage } from './seed-article.js';
import { SEED_AUTHOR, SEED_IMAGES, buildSeedArticleEn, buildSeedArticleKo } from './seed-article.js';

/**
 * Demo content for a fresh installation: sections, author profiles with portraits, an admin account, the seed
 * article in English and Korean, and a handful of short fictional stories that exercise every block type. Everything
 * goes through the same services the newsroom uses, so the demo is also a smoke test of them.
 *
 * Call it only on an empty database (the caller checks): it creates fixed slugs and e-mails and would fail on a
 * second run rather than duplicate anything.
 */
export interface DemoDeps {
  accounts: AccountsService;
  authors: AuthorService;
  taxonomy: TaxonomyService;
  media: MediaService;
  articles: ArticleService;
  workflow: WorkflowService;
}

export const DEMO_ADMIN_EMAIL = 'admin@sinmun.example';

/** Section menu order is `position`; gaps of 10 leave room to slot a section in without renumbering. */
export const DEMO_SECTIONS = [
  { slug: 'world', nameKo: '국제', nameEn: 'World', position: 10 },
  { slug: 'korea', nameKo: '한국', nameEn: 'Korea', position: 20 },
  { slug: 'us', nameKo: '미국', nameEn: 'U.S.', position: 30 },
  { slug: 'community', nameKo: '한인사회', nameEn: 'Community', position: 40 },
  { slug: 'business', nameKo: '경제', nameEn: 'Business', position: 50 },
  { slug: 'opinion', nameKo: '오피니언', nameEn: 'Opinion', position: 60 },
] as const;

interface DemoAuthor {
  slug: string;
  nameKo: string;
  nameEn: string;
  bioKo: string;
  bioEn: string;
  email: string;
  location: string;
  hue: number;
}

export const DEMO_STAFF: readonly DemoAuthor[] = [
  {
    slug: 'lee-seo-yeon',
    nameKo: '이서연',
    nameEn: 'Lee Seo-yeon',
    bioKo: 'LA 한인사회를 취재한다. 학교와 교회, 스몰비즈니스, 시니어 소식을 전한다.',
    bioEn: 'Covers the Korean American community in Los Angeles, from schools and churches to small businesses and seniors.',
    email: 'lee.seoyeon@sinmun.example',
    location: 'Los Angeles',
    hue: 340,
  },
  {
    slug: 'daniel-choi',
    nameKo: '대니얼 최',
    nameEn: 'Daniel Choi',
    bioKo: '경제와 비즈니스를 담당한다. 한인 기업인과 한미 교역 소식을 주로 다룬다.',
    bioEn: 'Writes about business and the economy, with a focus on Korean American entrepreneurs and trade between Korea and the U.S.',
    email: 'daniel.choi@sinmun.example',
    location: 'Los Angeles',
    hue: 200,
  },
  {
    slug: 'han-min-jun',
    nameKo: '한민준',
    nameEn: 'Han Min-jun',
    bioKo: '서울 특파원. 한국 정치와 사회, 북한 문제를 취재한다.',
    bioEn: 'Seoul correspondent covering South Korean politics, society and North Korea.',
    email: 'han.minjun@sinmun.example',
    location: 'Seoul',
    hue: 150,
  },
  {
    slug: 'jung-hye-rin',
    nameKo: '정혜린',
    nameEn: 'Jung Hye-rin',
    bioKo: '오피니언 에디터. 가족과 교육, 한인 2세에 관한 칼럼을 쓴다.',
    bioEn: 'Opinion editor. Writes a column on family, education and the second generation.',
    email: 'jung.hyerin@sinmun.example',
    location: 'Los Angeles',
    hue: 30,
  },
];

// ## demo stories (fictional: invented people, organisations and events)

/** A generated picture with its texts per language; stored once per language (see uploadPicture). */
interface DemoPicture {
  originalName: string;
  render: DemoImageOptions;
  text: Record<Language, { alt: string; caption: string; credit: string }>;
}

interface StoryVersion {
  headline: string;
  dek: string;
  dateline: string;
  tags: string[];
  body: ArticleBlock[];
}

interface DemoStory {
  section: (typeof DEMO_SECTIONS)[number]['slug'];
  type: ArticleType;
  breaking?: boolean;
  author: string;
  role: CreditRole;
  picture?: DemoPicture;
  /** The original first; a second entry becomes its translation. */
  versions: [Language, StoryVersion][];
}

const p = (text: string): ArticleBlock => ({ type: 'paragraph', content: [{ text }] });
const h2 = (text: string): ArticleBlock => ({ type: 'heading', level: 2, text });
const ul = (...items: string[]): ArticleBlock => ({ type: 'list', ordered: false, items: items.map((text) => [{ text }]) });
const pull = (text: string, attribution: string): ArticleBlock => ({ type: 'quote', variant: 'pull', content: [{ text }], attribution });

const ILLUSTRATION_CREDIT: Record<Language, string> = { en: 'Sinmun illustration', ko: '신문 일러스트' };
const ILLUSTRATION_TERMS = 'Generated illustration for the Sinmun demo content; no third-party rights.';

export const DEMO_STORIES: readonly DemoStory[] = [
  {
    section: 'community',
    type: 'news',
    author: 'lee-seo-yeon',
    role: 'reporter',
    picture: {
      originalName: 'koreatown-evening.jpg',
      render: { width: 1600, height: 900, title: 'Koreatown at dusk', hue: 25, seed: 11, scene: 'city' },
      text: {
        en: { alt: 'Illustration of a city skyline at dusk, office windows lit, a wide avenue leading toward it.', caption: 'Koreatown in Los Angeles.', credit: ILLUSTRATION_CREDIT.en },
        ko: { alt: '해 질 녘 불 켜진 빌딩들과 그쪽으로 뻗은 넓은 도로를 그린 일러스트.', caption: 'LA 한인타운.', credit: ILLUSTRATION_CREDIT.ko },
      },
    },
    versions: [
      [
        'ko',
        {
          headline: 'LA 한인타운 시니어센터, 한국어 무료 디지털 교실 연다',
          dek: '새빛 시니어센터가 다음 달부터 스마트폰 사용법과 온라인 예약, 사기 예방을 다루는 무료 강좌를 한국어로 연다.',
          dateline: '로스앤젤레스',
          tags: ['한인타운', '시니어', '디지털 교육'],
          body: [
            p('LA 한인타운의 새빛 시니어센터가 다음 달부터 한인 노인들을 위한 무료 디지털 교실을 운영한다고 밝혔다.'),
            p('강좌는 모두 한국어로 진행되며, 스마트폰 기본 사용법부터 온라인 병원 예약, 각종 서류 발급, 보이스피싱 예방까지 일상에 꼭 필요한 내용으로 꾸며졌다.'),
            h2('강좌 일정'),
            ul('월요일 오전 10시: 스마트폰 기초(카메라, 사진, 메시지)', '수요일 오전 10시: 온라인 병원 예약과 원격 진료', '금요일 오후 2시: 보이스피싱·문자 사기 예방'),
            p('센터 측은 수강생 한 명당 자원봉사자 한 명이 짝을 이뤄, 각자 쓰는 휴대전화로 직접 실습하도록 할 계획이라고 설명했다.'),
            p('센터의 한 관계자는 “자녀에게 매번 물어보기 미안하다는 어르신이 많다”며 “스스로 할 수 있다는 자신감을 드리는 것이 목표”라고 말했다.'),
            p('수강 신청은 센터 안내 데스크에서 선착순으로 받으며, 반별 정원은 20명이다.'),
          ],
        },
      ],
      [
        'en',
        {
          headline: 'Koreatown senior center to offer free digital skills classes in Korean',
          dek: 'The Saebit Senior Center will teach smartphone basics, online appointments and scam prevention to older Korean Americans starting next month.',
          dateline: 'LOS ANGELES',
          tags: ['Koreatown', 'Seniors', 'Digital literacy'],
          body: [
            p('The Saebit Senior Center in Los Angeles’ Koreatown will run free digital skills classes for older Korean Americans starting next month, the center said.'),
            p('All classes are taught in Korean and cover what residents need day to day: smartphone basics, booking doctor’s appointments online, requesting documents and spotting phone scams.'),
            h2('Class schedule'),
            ul('Mondays, 10 a.m.: smartphone basics (camera, photos, messages)', 'Wednesdays, 10 a.m.: online doctor’s appointments and telehealth', 'Fridays, 2 p.m.: avoiding phone and text-message scams'),
            p('Each student will be paired with a volunteer and practice on their own phone, the center said.'),
            p('“Many of our seniors tell us they feel bad asking their children for help every time,” a center staff member said. “Our goal is to give them the confidence to do it themselves.”'),
            p('Registration is first come, first served at the center’s front desk. Each class is limited to 20 students.'),
          ],
        },
      ],
    ],
  },
  {
    section: 'business',
    type: 'analysis',
    author: 'daniel-choi',
    role: 'reporter',
    picture: {
      originalName: 'market-district.jpg',
      render: { width: 1600, height: 900, title: 'Market district at sunset', hue: 45, seed: 12, scene: 'city' },
      text: {
        en: { alt: 'Illustration of low and high-rise buildings against an orange evening sky, a few shop lights glowing at street level.', caption: 'Independent Korean markets anchor many neighborhoods in Southern California.', credit: ILLUSTRATION_CREDIT.en },
        ko: { alt: '주황빛 저녁 하늘을 배경으로 크고 작은 건물이 늘어서고 거리의 가게 불빛이 켜진 모습을 그린 일러스트.', caption: '남가주 곳곳의 한인 동네에는 독립 한인 마켓이 자리 잡고 있다.', credit: ILLUSTRATION_CREDIT.ko },
      },
    },
    versions: [
      [
        'en',
        {
          headline: 'Korean American grocers weigh price rises as import costs climb',
          dek: 'Higher freight and customs costs are squeezing the small markets that anchor Korean neighborhoods, and owners are split on how much to pass on to shoppers.',
          dateline: 'LOS ANGELES',
          tags: ['Small business', 'Groceries', 'Trade'],
          body: [
            p('For the owners of small Korean grocery stores across Southern California, the arithmetic of the shelf has changed this year.'),
            p('Higher freight rates, new customs fees and currency swings have each nudged up the cost of bringing staples such as gochujang, dried seaweed and instant noodles from Korea, owners and distributors told Sinmun.'),
            h2('Thin margins, little room'),
            p('Independent markets typically run on thin margins. Unlike national chains, they cannot spread higher costs across tens of thousands of products or negotiate volume discounts with shippers.'),
            pull('We can raise the price of rice by a dollar once. We can’t do it every month.', 'Grace Yoon, owner of a family market in Garden Grove'),
            h2('Three ways owners are responding'),
            ul('Absorbing part of the increase on staples and raising prices on specialty items instead', 'Switching to U.S.-made versions of some products', 'Buying jointly with other independent stores to win better freight rates'),
            p('Distributors expect costs to stay high into next year. Several owners said they were watching whether customers trade down to cheaper brands before deciding on further increases.'),
          ],
        },
      ],
    ],
  },
  {
    section: 'korea',
    type: 'news',
    breaking: true,
    author: 'han-min-jun',
    role: 'correspondent',
    versions: [
      [
        'ko',
        {
          headline: '서울 지하철 2호선 일부 구간 운행 지연…신호 장애 복구 중',
          dek: '신호 장애로 2호선 일부 구간 열차가 최대 20분가량 늦어지고 있다.',
          dateline: '서울',
          tags: ['서울 지하철', '교통'],
          body: [
            p('서울 지하철 2호선 일부 구간에서 신호 장애가 발생해 열차 운행이 최대 20분가량 지연되고 있다.'),
            p('운영사는 장애 구간에 직원을 투입해 복구 작업을 벌이고 있으며, 승객들에게 버스 등 다른 교통수단을 이용해 달라고 안내했다.'),
            p('현재까지 인명 피해는 보고되지 않았다. 운영사는 정확한 장애 원인을 조사하고 있다고 밝혔다.'),
            p('이 기사는 새로운 내용이 확인되는 대로 업데이트된다.'),
          ],
        },
      ],
      [
        'en',
        {
          headline: 'Signal fault delays trains on part of Seoul subway Line 2',
          dek: 'Trains on a stretch of Line 2 are running up to about 20 minutes late while crews repair a signal fault.',
          dateline: 'SEOUL',
          tags: ['Seoul subway', 'Transportation'],
          body: [
            p('A signal fault on part of Seoul subway Line 2 is delaying trains by up to about 20 minutes.'),
            p('The operator has sent crews to the affected section and is advising passengers to use buses or other transportation.'),
            p('No injuries have been reported. The operator said it was investigating the cause of the fault.'),
            p('This story will be updated as more information becomes available.'),
          ],
        },
      ],
    ],
  },
  {
    section: 'opinion',
    type: 'opinion',
    author: 'jung-hye-rin',
    role: 'columnist',
    versions: [
      [
        'en',
        {
          headline: 'Weekend Korean schools deserve more than goodwill',
          dek: 'The volunteer-run schools that teach Korean to our children need stable funding and classroom space, not just praise at year-end banquets.',
          dateline: '',
          tags: ['Education', 'Korean language', 'Second generation'],
          body: [
            p('Every Saturday morning, in church classrooms and borrowed school cafeterias, thousands of Korean American children sit down to practice hangul.'),
            p('Most of these weekend schools run on volunteer teachers, parent donations and the patience of landlords. Many are one rent increase away from closing.'),
            h2('What is at stake'),
            p('Language is how a grandmother in Seoul and a grandson in Los Angeles talk to each other. It is also a career skill, as hospitals, courts and city offices look for bilingual staff.'),
            h2('What would help'),
            p('School districts could open classrooms to community language programs on weekends at low cost. Community foundations could offer multi-year grants instead of one-off gifts. And parents who can teach, even one hour a month, could volunteer.'),
            p('The schools have kept the language alive for decades on goodwill. They should not have to survive on goodwill alone.'),
          ],
        },
      ],
      [
        'ko',
        {
          headline: '주말 한국학교, 박수만으로는 버틸 수 없다',
          dek: '자원봉사로 운영되는 주말 한국학교에 필요한 것은 연말 행사의 칭찬이 아니라 안정적인 재정과 교실이다.',
          dateline: '',
          tags: ['교육', '한국어', '한인 2세'],
          body: [
            p('토요일 아침마다 교회 교실과 빌린 학교 식당에서 수천 명의 한인 어린이들이 한글을 익힌다.'),
            p('주말 한국학교 대부분은 자원봉사 교사와 학부모 후원금, 그리고 건물주의 배려로 꾸려진다. 임대료가 한 번만 올라도 문을 닫아야 할 학교가 적지 않다.'),
            h2('무엇이 걸려 있나'),
            p('한국어는 서울의 할머니와 LA의 손자가 서로 이야기를 나누는 말이다. 병원과 법원, 시청이 이중언어 인력을 찾는 만큼 한국어는 직업 경쟁력이기도 하다.'),
            h2('무엇이 필요한가'),
            p('교육구는 주말에 교실을 저렴하게 지역 언어 프로그램에 개방할 수 있다. 지역 재단은 일회성 후원 대신 여러 해에 걸친 지원금을 내놓을 수 있다. 가르칠 수 있는 학부모라면 한 달에 한 시간이라도 봉사할 수 있다.'),
            p('한국학교는 수십 년 동안 선의만으로 한국어를 지켜 왔다. 이제는 선의에만 기대게 해서는 안 된다.'),
          ],
        },
      ],
    ],
  },
  {
    section: 'us',
    type: 'news',
    author: 'lee-seo-yeon',
    role: 'reporter',
    picture: {
      originalName: 'civic-center-evening.jpg',
      render: { width: 1600, height: 900, title: 'Civic center in the evening', hue: 210, seed: 13, scene: 'city' },
      text: {
        en: { alt: 'Illustration of a downtown skyline under a blue evening sky, with lights reflecting on the street in front.', caption: 'Organizers plan registration booths across Southern California through the spring.', credit: ILLUSTRATION_CREDIT.en },
        ko: { alt: '푸른 저녁 하늘 아래 도심 빌딩들과 앞쪽 도로에 비친 불빛을 그린 일러스트.', caption: '주최 측은 봄까지 남가주 곳곳에 유권자 등록 부스를 운영할 계획이다.', credit: ILLUSTRATION_CREDIT.ko },
      },
    },
    versions: [
      [
        'en',
        {
          headline: 'Korean American groups launch voter registration drive ahead of 2026 midterms',
          dek: 'A coalition of community organizations plans bilingual registration booths at markets, churches and festivals in Southern California through the spring.',
          dateline: 'LOS ANGELES',
          tags: ['Elections', 'Voting', 'Civic life'],
          body: [
            p('A coalition of Korean American community organizations has launched a voter registration drive aimed at first-time voters and naturalized citizens ahead of the 2026 midterm elections.'),
            p('The coalition, which calls itself the Hanmaeum Voter Project, plans to staff bilingual registration booths at grocery stores, churches and community festivals across Southern California through the spring, organizers said.'),
            p('Volunteers will help residents check their registration, update their addresses and request election materials in Korean.'),
            p('“Many of our elders became citizens decades ago but have never voted,” said Paul Kang, a volunteer coordinator. “We want to make the first step easy.”'),
            p('Residents can also check their status and register online through the federal government’s official voter registration site.'),
            {
              type: 'embed',
              url: 'https://vote.gov/',
              title: 'Vote.gov: register to vote',
              provider: 'Vote.gov',
              description: 'The U.S. government’s official site for voter registration, with links to each state’s registration.',
            },
          ],
        },
      ],
    ],
  },
  {
    section: 'community',
    type: 'news',
    author: 'lee-seo-yeon',
    role: 'reporter',
    picture: {
      originalName: 'concert-evening.jpg',
      render: { width: 1600, height: 900, title: 'Evening over the hills', hue: 280, seed: 14, scene: 'landscape' },
      text: {
        en: { alt: 'Illustration of layered hills under a soft evening sky, with the light reflected in still water.', caption: 'The orchestra’s year-end concert raises money for a local food bank.', credit: ILLUSTRATION_CREDIT.en },
        ko: { alt: '저녁 하늘 아래 겹겹이 이어진 언덕과 잔잔한 물에 비친 빛을 그린 일러스트.', caption: '오케스트라는 연말 음악회 수익금을 지역 푸드뱅크에 기부한다.', credit: ILLUSTRATION_CREDIT.ko },
      },
    },
    versions: [
      [
        'ko',
        {
          headline: '한인 청소년 오케스트라, 연말 자선 음악회 연다',
          dek: '하모니 청소년 오케스트라가 다음 달 음악회를 열고 입장권 수익금 전액을 지역 푸드뱅크에 기부한다.',
          dateline: '로스앤젤레스',
          tags: ['청소년', '음악회', '기부'],
          body: [
            p('남가주 한인 청소년들로 구성된 ‘하모니 청소년 오케스트라’가 다음 달 연말 자선 음악회를 연다.'),
            p('이번 공연에서는 중·고등학생 단원 60여 명이 무대에 올라 차이콥스키의 ‘호두까기 인형’ 모음곡과 가곡 ‘그리운 금강산’ 등을 연주한다.'),
            p('오케스트라 측은 입장권 판매 수익금 전액을 지역 푸드뱅크에 기부할 예정이라고 밝혔다.'),
            p('단원 대표인 고등학생 박수아 양은 “음악으로 이웃을 도울 수 있어 뜻깊다”며 “많은 분이 오셔서 함께 따뜻한 연말을 보내셨으면 한다”고 말했다.'),
            p('입장권은 오케스트라 사무국과 공연장 매표소에서 구매할 수 있다.'),
          ],
        },
      ],
    ],
  },
];

// ## seeding

/** A strong one-time password for the admin account: 24 random bytes, 32 base64url characters. */
function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** published_at has millisecond resolution; waiting a tick keeps the publication order we chose unambiguous. */
const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

export async function seedDemoContent(deps: DemoDeps): Promise<{ adminEmail: string; adminPassword: string }> {
  const { accounts, authors, taxonomy, media, articles, workflow } = deps;

  // Rendering is the slow part and needs nothing from the database, so start every picture at once.
  const portraitJobs = new Map<string, Promise<Buffer>>(
    [...DEMO_STAFF, { slug: SEED_AUTHOR.slug, hue: 260 }].map((a) => [a.slug, renderDemoImage({ width: 400, height: 400, title: a.slug, hue: a.hue, kind: 'portrait' })]),
  );
  const seedLead = renderDemoImage(SEED_IMAGES.lead.render);
  const seedInside = renderDemoImage(SEED_IMAGES.inside.render);
  const storyPictures = DEMO_STORIES.map((story) => (story.picture ? renderDemoImage(story.picture.render) : undefined));
  // Nothing may reject unobserved while the awaits below run; failures still surface where each one is awaited.
  for (const job of [...portraitJobs.values(), seedLead, seedInside, ...storyPictures]) job?.catch(() => undefined);

  const adminPassword = generatePassword();
  const admin: Actor = actorOf(await accounts.createAccount({ email: DEMO_ADMIN_EMAIL, name: 'Sinmun Admin', role: 'admin', password: adminPassword, language: 'en' }));

  for (const section of DEMO_SECTIONS) await taxonomy.createSection(section);

  const portrait = async (slug: string): Promise<number> => {
    const bytes = await portraitJobs.get(slug);
    if (!bytes) throw new Error(`no portrait rendered for ${slug}`);
    // The silhouette carries no information and the name is printed next to it, so its alt text is empty (decorative).
    const item = await media.createMedia({ bytes, originalName: `${slug}-portrait.jpg` }, { alt: '', caption: '', credit: ILLUSTRATION_CREDIT.en, usageTerms: ILLUSTRATION_TERMS }, admin.id);
    return item.id;
  };
  for (const staff of DEMO_STAFF) {
    await authors.createAuthor({
      slug: staff.slug,
      nameKo: staff.nameKo,
      nameEn: staff.nameEn,
      kind: 'staff',
      organization: null,
      bioKo: staff.bioKo,
      bioEn: staff.bioEn,
      photoMediaId: await portrait(staff.slug),
      email: staff.email,
      location: staff.location,
    });
  }
  await authors.createAuthor({ ...SEED_AUTHOR, photoMediaId: await portrait(SEED_AUTHOR.slug) });

  // Featured images have no per-article caption or alt override, so each language gets its own media item of the
  // same picture: a Korean page must not show an English caption under its lead photo.
  const upload = async (bytes: Buffer, originalName: string, text: { alt: string; caption: string; credit: string }, usageTerms: string, language: Language) =>
    (await media.createMedia({ bytes, originalName: originalName.replace(/\.jpg$/, `-${language}.jpg`) }, { ...text, usageTerms }, admin.id)).id;
  const seedMedia = async (image: SeedImage, bytes: Buffer, language: Language) => upload(bytes, image.originalName, image.text[language], image.usageTerms, language);

  const toPublish: { id: number; language: Language }[] = [];

  // The seed story: English original, Korean translation.
  const leadBytes = await seedLead;
  const insideBytes = await seedInside;
  const seedEn = await articles.createArticle(
    buildSeedArticleEn({ leadImageId: await seedMedia(SEED_IMAGES.lead, leadBytes, 'en'), insideImageId: await seedMedia(SEED_IMAGES.inside, insideBytes, 'en') }),
    admin,
  );
  const seedKo = await articles.createArticle(
    buildSeedArticleKo({
      leadImageId: await seedMedia(SEED_IMAGES.lead, leadBytes, 'ko'),
      insideImageId: await seedMedia(SEED_IMAGES.inside, insideBytes, 'ko'),
      translationOf: seedEn.id,
    }),
    admin,
  );

  const staffBySlug = new Map(DEMO_STAFF.map((s) => [s.slug, s]));
  for (const [index, story] of DEMO_STORIES.entries()) {
    const author = staffBySlug.get(story.author);
    if (!author) throw new Error(`demo story credits unknown author ${story.author}`);
    const bytes = await storyPictures[index];
    let originalId: number | undefined;
    for (const [language, version] of story.versions) {
      const input: ArticleCreateInput = {
        language,
        headline: version.headline,
        dek: version.dek,
        type: story.type,
        section: story.section,
        tags: version.tags,
        credits: [{ name: language === 'ko' ? author.nameKo : author.nameEn, role: story.role, email: author.email, authorSlug: author.slug }],
        dateline: version.dateline,
        breaking: story.breaking ?? false,
        featuredImage: bytes && story.picture ? await upload(bytes, story.picture.originalName, story.picture.text[language], ILLUSTRATION_TERMS, language) : null,
        seoDescription: version.dek,
        body: version.body,
        ...(originalId !== undefined ? { translationOf: originalId } : {}),
      };
      const article = await articles.createArticle(input, admin);
      originalId ??= article.id;
      toPublish.push({ id: article.id, language });
    }
  }

  // The seed story goes out last so it leads both front pages; English last of all, as the English front page is the
  // acceptance page for it (seed-article-page.md).
  toPublish.push({ id: seedKo.id, language: 'ko' }, { id: seedEn.id, language: 'en' });
  for (const { id } of toPublish) {
    await workflow.publish(id, admin);
    await nextTick();
  }

  return { adminEmail: DEMO_ADMIN_EMAIL, adminPassword };
}
