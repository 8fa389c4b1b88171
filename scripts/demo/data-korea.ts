/**
 * The Korea desk's questions around Kim Jong-un's September 2023 trip to
 * Russia, and the follow-ups still open in 2026.
 *
 * Each question carries an information path: what a well-informed reader of
 * the news would have believed at each point (`p` for binary, `v` for the
 * others), with the news that moved it. Analysts forecast from this path
 * through their own habits (generate.ts). Fixed forecasts tell the story the
 * demo is built around and are kept exactly as written.
 */

/** A news item in the information path. */
export interface PathPoint {
  at: string;
  /** P(yes) for binary questions. */
  p?: number;
  /** One probability per option for the others; needs not be rounded. */
  v?: number[];
  news: string[];
}

export interface KoreaResolution {
  outcome: 'yes' | 'no' | number | 'annulled';
  occurredAt: string;
  resolvedAt: string;
  sourceUrl: string;
  note: string;
}

export interface FixedForecast {
  user: string;
  at: string;
  p?: number;
  v?: number[];
  rationale: string | null;
  /** Generate nothing else for this analyst on this question. */
  only?: boolean;
}

export interface KoreaQuestion {
  key: string;
  title: string;
  description: string;
  type: 'binary' | 'categorical' | 'ordinal';
  options: string[] | null;
  tags: string[];
  opensAt: string;
  closesAt: string;
  hideForecasts: boolean;
  resolutions: KoreaResolution[];
  /**
   * Standing arguments an analyst may cite instead of the latest news: for and
   * against (binary), or one list per option.
   */
  leans: { yes: string[]; no: string[] } | string[][];
  path: PathPoint[];
  fixed?: FixedForecast[];
}

const KREMLIN_VOSTOCHNY = 'http://en.kremlin.ru/events/president/news/72259';

// The news of the trip, reused by several questions.
const N = {
  shoigu: '2023-08-30T00:00:00.000Z',
  nyt: '2023-09-05T00:30:00.000Z',
  peskov: '2023-09-05T11:00:00.000Z',
  announced: '2023-09-10T21:00:00.000Z',
  seoulTrain: '2023-09-11T08:00:00.000Z',
  kcnaTrain: '2023-09-11T23:00:00.000Z',
  khasan: '2023-09-12T03:00:00.000Z',
  vostochnyHint: '2023-09-12T09:00:00.000Z',
  summit: '2023-09-13T04:00:00.000Z',
  itinerary: '2023-09-13T09:00:00.000Z',
  noDeals: '2023-09-13T12:00:00.000Z',
  invite: '2023-09-13T22:30:00.000Z',
  komsomolsk: '2023-09-15T03:00:00.000Z',
  knevichi: '2023-09-16T01:30:00.000Z',
  leaves: '2023-09-17T06:00:00.000Z',
  railTraffic: '2023-10-06T00:00:00.000Z',
} as const;

const T = {
  shoigu: [
    "Shoigu's July trip to Pyongyang and US warnings that arms talks are advancing",
    'Washington says Russia-DPRK arms talks are actively advancing',
  ],
  nyt: [
    'NYT: Kim plans to go to Vladivostok, likely by armored train, to meet Putin around the EEF',
    'the NYT report puts the meeting in Vladivostok during the EEF, with Moscow not ruled out',
  ],
  peskov: ['Peskov has "nothing to say" about the NYT report', 'no denial from the Kremlin, just "nothing to say"'],
  announced: ['Kremlin and KCNA announce the visit "in the coming days"', 'both capitals confirm the visit is on'],
  seoulTrain: [
    "Seoul says Kim's train appears to have left Pyongyang on Sunday",
    'South Korean officials think the train left on Sep 10',
  ],
  kcnaTrain: ['KCNA: Kim left Pyongyang by private train on the afternoon of Sep 10'],
  khasan: [
    'the train crossed at Khasan and turned north, away from Vladivostok',
    'Khasan crossing this morning; the train is heading north',
  ],
  vostochnyHint: [
    'Russian reports point to the Vostochny Cosmodrome for the talks',
    'Vostochny now looks like the venue',
  ],
  summit: ['Putin greeted Kim at Vostochny; talks and a state lunch followed'],
  itinerary: [
    'Putin says Kim will also see aircraft plants in Komsomolsk-on-Amur and the Pacific Fleet',
    'the itinerary now includes Komsomolsk-on-Amur and Vladivostok',
  ],
  noDeals: ['Peskov: no agreements were signed and none are planned', 'nothing signed at Vostochny, per the Kremlin'],
  invite: ['KCNA says Putin accepted an invitation to visit the DPRK'],
  komsomolsk: ['Kim toured the Komsomolsk aircraft plant (Su-35, Su-57 lines)'],
  knevichi: ['Kim and Shoigu inspected bombers at Knevichi and the frigate Marshal Shaposhnikov'],
  leaves: ["Kim's train left Artyom on Sep 17; there was no Moscow leg"],
  railTraffic: [
    'CSIS imagery shows a surge of rail traffic at the Tumangang-Khasan crossing',
    'rail cars massing at Najin and Tumangang suggest deliveries',
  ],
};

export const KOREA: KoreaQuestion[] = [
  {
    key: 'kim-putin-vladivostok-eef',
    title: 'Will Kim Jong-un and Vladimir Putin meet in Vladivostok during the Eastern Economic Forum (Sep 10-13)?',
    description:
      'Resolves yes if official Russian or North Korean statements confirm that Kim Jong-un and Vladimir Putin met in person in Vladivostok (the city or Russky Island) between Sep 10 and Sep 13, 2023, Vladivostok time. A meeting elsewhere, or in Vladivostok after Sep 13, resolves no.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-13T21:00:00.000Z',
    hideForecasts: true,
    resolutions: [
      {
        outcome: 'no',
        occurredAt: '2023-09-13T05:00:00.000Z',
        resolvedAt: '2023-09-13T12:30:00.000Z',
        sourceUrl: KREMLIN_VOSTOCHNY,
        note: 'They met at the Vostochny Cosmodrome, Amur region.',
      },
    ],
    leans: {
      yes: ['the EEF is the natural stage and Putin is there from Sep 12', 'the 2019 summit was on Russky Island'],
      no: ['Kim avoids announced venues', 'a cosmodrome visit fits the satellite ask better'],
    },
    path: [
      { at: N.shoigu, p: 0.35, news: T.shoigu },
      { at: N.nyt, p: 0.64, news: T.nyt },
      { at: N.peskov, p: 0.6, news: T.peskov },
      { at: N.announced, p: 0.62, news: T.announced },
      { at: N.seoulTrain, p: 0.57, news: T.seoulTrain },
      { at: N.khasan, p: 0.22, news: T.khasan },
      { at: N.vostochnyHint, p: 0.07, news: T.vostochnyHint },
      { at: N.summit, p: 0.02, news: T.summit },
    ],
    fixed: [
      {
        user: 'ana',
        at: '2023-09-01T08:15:00.000Z',
        p: 0.62,
        rationale: 'EEF is the natural venue; train route ends there.',
        only: true,
      },
      {
        user: 'ana',
        at: '2023-09-05T01:40:00.000Z',
        p: 0.66,
        rationale: 'NYT has Vladivostok, maybe Pier 33 too. Up a little; still nothing official.',
        only: true,
      },
      {
        user: 'ana',
        at: '2023-09-12T04:10:00.000Z',
        p: 0.2,
        rationale: 'Train crossed at Khasan and turned north, not toward Vladivostok.',
        only: true,
      },
      {
        user: 'ana',
        at: '2023-09-12T10:05:00.000Z',
        p: 0.06,
        rationale: 'Cosmodrome it is. A Vladivostok leg, if any, comes after the EEF.',
        only: true,
      },
      {
        user: 'ben',
        at: '2023-09-05T00:52:00.000Z',
        p: 0.95,
        rationale: 'NYT has it: Vladivostok, during the EEF. Done deal.',
        only: true,
      },
      {
        user: 'ben',
        at: '2023-09-11T02:30:00.000Z',
        p: 0.97,
        rationale: 'Visit announced. Putin is already at the forum. Lock it in.',
        only: true,
      },
      {
        user: 'fay',
        at: '2023-09-05T06:20:00.000Z',
        p: 0.3,
        rationale:
          'Everyone anchors on one NYT story. Kim avoids announced venues, and satellites point to the cosmodrome.',
        only: true,
      },
    ],
  },
  {
    key: 'kim-armored-train',
    title: 'Will Kim Jong-un travel to Russia by armored train?',
    description:
      'Resolves yes if Kim Jong-un travels to Russia in September 2023 and official North Korean or Russian media confirm he arrived by train. Resolves no if he flies, or if no trip to Russia begins by Sep 20, 2023.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'travel'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-20T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'yes',
        occurredAt: N.kcnaTrain,
        resolvedAt: '2023-09-12T00:40:00.000Z',
        sourceUrl: 'http://www.kcna.kp/en/article/q/9a6b2b1e6f4c1d0e8f3a5c7b2d4e6f80.kcmsf',
        note: 'KCNA: Kim left Pyongyang by his private train on the afternoon of Sep 10.',
      },
    ],
    leans: {
      yes: ['he took the train in 2019 and avoids flying', 'the rail link runs straight from Tumangang to Khasan'],
      no: ['he flew to Singapore in 2018', 'a train is slow and exposed'],
    },
    path: [
      { at: N.shoigu, p: 0.55, news: ['he took the train to Vladivostok in 2019 and dislikes flying', ...T.shoigu] },
      { at: N.nyt, p: 0.78, news: T.nyt },
      { at: N.announced, p: 0.85, news: T.announced },
      { at: N.seoulTrain, p: 0.94, news: T.seoulTrain },
    ],
  },
  {
    key: 'kim-moscow-2023-trip',
    title: 'Will Kim Jong-un visit Moscow during his September 2023 trip to Russia?',
    description:
      'Resolves yes if official media show Kim Jong-un in Moscow at any point of the trip to Russia that begins in September 2023. Resolves no when he leaves Russia without having been to Moscow, or if no trip begins by Sep 30, 2023.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'travel'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-30T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'no',
        occurredAt: N.leaves,
        resolvedAt: '2023-09-18T01:30:00.000Z',
        sourceUrl: 'http://www.kcna.kp/en/article/q/3c1d8e2f7a9b4c6d0e1f2a3b4c5d6e7f.kcmsf',
        note: 'Kim left Russia from Artyom station on Sep 17 after stops in Amur, Khabarovsk and Primorye; no Moscow leg.',
      },
    ],
    leans: {
      yes: ['a Moscow leg gives Putin the Kremlin pictures he likes', 'the NYT did not rule out Moscow'],
      no: ['a week by rail to Moscow is a big security exposure', 'everything so far points to the Far East'],
    },
    path: [
      {
        at: N.shoigu,
        p: 0.3,
        news: ['a Moscow leg would be his first visit to the Russian capital as leader', ...T.shoigu],
      },
      { at: N.nyt, p: 0.24, news: T.nyt },
      { at: N.announced, p: 0.25, news: T.announced },
      { at: N.khasan, p: 0.18, news: T.khasan },
      { at: N.summit, p: 0.12, news: T.summit },
      { at: N.itinerary, p: 0.07, news: T.itinerary },
      { at: N.knevichi, p: 0.04, news: T.knevichi },
    ],
    fixed: [
      {
        user: 'gus',
        at: '2023-09-06T03:12:00.000Z',
        p: 0.55,
        rationale: 'Putin will want the Kremlin photo op; a Moscow leg makes the trip.',
        only: true,
      },
      {
        user: 'gus',
        at: '2023-09-14T00:40:00.000Z',
        p: 0.35,
        rationale: 'Still possible after the Far East stops.',
        only: true,
      },
    ],
  },
  {
    key: 'kim-putin-meet-before-sep30',
    title: 'Will Kim Jong-un and Vladimir Putin meet in person before Sep 30, 2023?',
    description:
      'Resolves yes as soon as official Russian or North Korean statements confirm an in-person meeting between the two leaders, anywhere, after Aug 30 and before Sep 30, 2023 (Pyongyang time).',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-30T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'yes',
        occurredAt: N.summit,
        resolvedAt: '2023-09-13T09:10:00.000Z',
        sourceUrl: KREMLIN_VOSTOCHNY,
        note: 'Putin and Kim met at the Vostochny Cosmodrome on Sep 13.',
      },
    ],
    leans: {
      yes: ['both sides have prepared this for weeks', 'Putin is in the Far East for the EEF anyway'],
      no: ['Kim has dropped plans at short notice before', 'the publicity could make Pyongyang delay'],
    },
    path: [
      { at: N.shoigu, p: 0.55, news: T.shoigu },
      { at: N.nyt, p: 0.76, news: T.nyt },
      { at: N.peskov, p: 0.74, news: T.peskov },
      { at: N.announced, p: 0.93, news: T.announced },
      { at: N.seoulTrain, p: 0.95, news: T.seoulTrain },
      { at: N.khasan, p: 0.98, news: T.khasan },
    ],
    fixed: [
      // Made after the meeting was public: kept and shown, never scored.
      {
        user: 'dana',
        at: '2023-09-13T06:40:00.000Z',
        p: 0.99,
        rationale: 'Footage from Vostochny is out: it is happening.',
      },
      { user: 'gus', at: '2023-09-13T07:55:00.000Z', p: 0.98, rationale: 'Live TV shows the handshake.' },
    ],
  },
  {
    key: 'summit-venue',
    title: 'Where will Kim Jong-un and Vladimir Putin first meet?',
    description:
      'Resolves to the place of the first in-person meeting between Kim Jong-un and Vladimir Putin after Aug 30, 2023, as given by official Kremlin or KCNA readouts. "Vladivostok" includes Russky Island; "Vostochny Cosmodrome" means the launch site in Amur region. Resolves "No meeting in 2023" if they have not met by Dec 31, 2023.',
    type: 'categorical',
    options: ['Vladivostok', 'Vostochny Cosmodrome', 'Moscow', 'Elsewhere', 'No meeting in 2023'],
    tags: ['russia', 'dprk', 'summit'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-12T15:00:00.000Z',
    hideForecasts: true,
    resolutions: [
      {
        outcome: 0,
        occurredAt: '2023-09-11T14:00:00.000Z',
        resolvedAt: '2023-09-11T15:20:00.000Z',
        sourceUrl: 'https://en.yna.co.kr/view/AEN20230911006700315',
        note: 'Resolved on wire reports that the talks would be held in Vladivostok on the sidelines of the EEF.',
      },
      {
        outcome: 1,
        occurredAt: N.summit,
        resolvedAt: '2023-09-13T07:45:00.000Z',
        sourceUrl: KREMLIN_VOSTOCHNY,
        note: 'Corrected: the Sep 11 resolution relied on unconfirmed wire reports. The Kremlin readout places the first meeting at the Vostochny Cosmodrome, Amur region.',
      },
    ],
    leans: [
      ['the EEF is there and the NYT said so'],
      ['satellites are the ask; the cosmodrome is where to show them'],
      ['Putin could host him in the Kremlin'],
      ['Khabarovsk or an air base are possible'],
      ['Kim could still call it off'],
    ],
    path: [
      { at: N.shoigu, v: [0.4, 0.08, 0.17, 0.1, 0.25], news: T.shoigu },
      { at: N.nyt, v: [0.62, 0.13, 0.09, 0.06, 0.1], news: T.nyt },
      { at: N.peskov, v: [0.6, 0.14, 0.09, 0.07, 0.1], news: T.peskov },
      { at: N.announced, v: [0.6, 0.18, 0.08, 0.1, 0.04], news: T.announced },
      { at: N.seoulTrain, v: [0.57, 0.2, 0.07, 0.13, 0.03], news: T.seoulTrain },
    ],
    fixed: [
      {
        user: 'fay',
        at: '2023-09-06T02:00:00.000Z',
        v: [0.3, 0.4, 0.05, 0.1, 0.15],
        rationale:
          'If the point is satellites, the meeting is at Vostochny. Vladivostok is the decoy everyone repeats.',
        only: true,
      },
      {
        user: 'ben',
        at: '2023-09-05T01:05:00.000Z',
        v: [0.9, 0.03, 0.03, 0.02, 0.02],
        rationale: 'Vladivostok. The NYT does not print this without the venue nailed down.',
        only: true,
      },
    ],
  },
  {
    key: 'kim-cross-into-russia',
    title: 'When will Kim Jong-un cross into Russia?',
    description:
      'Dates are Vladivostok time (UTC+10). Resolves to the bin holding the date on which Kim Jong-un first enters Russian territory in 2023, per official Russian or North Korean statements. "Later or not in 2023" covers any date after Sep 20 and no visit at all.',
    type: 'ordinal',
    options: ['Before Sep 10', 'Sep 10-11', 'Sep 12-13', 'Sep 14-20', 'Later or not in 2023'],
    tags: ['russia', 'dprk', 'summit', 'travel'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-09T14:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 2,
        occurredAt: N.khasan,
        resolvedAt: '2023-09-12T05:45:00.000Z',
        sourceUrl: 'http://en.kremlin.ru/events/president/news/72250',
        note: "Kim's train crossed at Khasan on the morning of Sep 12, Vladivostok time; Primorye governor Kozhemyako met him.",
      },
    ],
    leans: [
      ['nothing suggests an early start'],
      ['a Sunday departure puts him across on Monday'],
      ['the forum days fit a crossing around Sep 12'],
      ['a visit after the forum would be later'],
      ['it could slip or be called off'],
    ],
    path: [
      { at: N.shoigu, v: [0.06, 0.2, 0.26, 0.24, 0.24], news: T.shoigu },
      {
        at: N.nyt,
        v: [0.04, 0.34, 0.34, 0.16, 0.12],
        news: ['a train from Pyongyang takes a day or more, so the crossing comes just before the meeting', ...T.nyt],
      },
      { at: N.peskov, v: [0.04, 0.32, 0.34, 0.17, 0.13], news: T.peskov },
    ],
  },
  {
    key: 'us-says-dprk-munitions-oct31',
    title: 'Will the US government publicly state that North Korea has delivered munitions to Russia by Oct 31, 2023?',
    description:
      'Resolves yes if the White House, the State Department or the Pentagon states on the record (briefing, statement or release) between Aug 31 and Oct 31, 2023 (US Eastern) that North Korea has delivered munitions or military equipment to Russia. Quotes from anonymous officials in press reports do not count.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'arms', 'us'],
    opensAt: '2023-08-31T00:00:00.000Z',
    closesAt: '2023-11-01T04:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'yes',
        occurredAt: '2023-10-13T15:30:00.000Z',
        resolvedAt: '2023-10-13T19:05:00.000Z',
        sourceUrl:
          'https://www.whitehouse.gov/briefing-room/press-briefings/2023/10/13/on-the-record-press-gaggle-by-nsc-coordinator-for-strategic-communications-john-kirby/',
        note: "NSC's John Kirby: North Korea has delivered more than 1,000 containers of military equipment and munitions to Russia.",
      },
    ],
    leans: {
      yes: [
        'rail and port traffic is hard to hide from US imagery',
        'Washington has declassified fast on Russia all war',
      ],
      no: ['the evidence may stay classified', 'a statement needs confirmed deliveries, not talks'],
    },
    path: [
      { at: '2023-08-31T00:00:00.000Z', p: 0.4, news: T.shoigu },
      {
        at: N.nyt,
        p: 0.45,
        news: ['shells and anti-tank missiles for satellite and submarine technology is the rumoured trade', ...T.nyt],
      },
      { at: N.summit, p: 0.55, news: ['Putin hints at "possibilities" for military cooperation', ...T.summit] },
      { at: N.noDeals, p: 0.52, news: T.noDeals },
      {
        at: N.leaves,
        p: 0.55,
        news: ['Kim saw bombers, hypersonic missiles and a frigate; a deal looks real even if unsigned'],
      },
      { at: N.railTraffic, p: 0.74, news: T.railTraffic },
    ],
  },
  {
    key: 'russia-dprk-arms-deal-announced',
    title: 'Will Russia or North Korea officially announce a signed arms or military agreement by Sep 30, 2023?',
    description:
      'Resolves yes if the Kremlin, the Russian government or KCNA announces between Aug 30 and Sep 30, 2023 (Pyongyang time) that the two countries signed an agreement on arms, munitions or military-technical cooperation. Statements of intent and unnamed-source reports do not count.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'arms'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-30T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'no',
        occurredAt: '2023-09-30T15:00:00.000Z',
        resolvedAt: '2023-10-02T00:30:00.000Z',
        sourceUrl: 'http://en.kremlin.ru/events/president/news/72259',
        note: 'No agreement was announced; Peskov said none were signed during the visit. Arms trade with the DPRK would breach UN sanctions Russia voted for.',
      },
    ],
    leans: {
      yes: ['Moscow no longer cares much for the UN panel', 'a signing would send Washington a message'],
      no: [
        'an announced arms deal would breach UN sanctions Russia voted for',
        'both sides deny any arms trade on the record',
      ],
    },
    path: [
      { at: N.shoigu, p: 0.22, news: ['any arms deal would breach UN sanctions Russia itself voted for', ...T.shoigu] },
      { at: N.nyt, p: 0.28, news: T.nyt },
      { at: N.announced, p: 0.3, news: T.announced },
      { at: N.summit, p: 0.25, news: T.summit },
      { at: N.noDeals, p: 0.12, news: T.noDeals },
      { at: N.leaves, p: 0.07, news: T.leaves },
    ],
  },
  {
    key: 'putin-accepts-pyongyang-invite',
    title: 'Will official media report by Sep 30, 2023 that Putin accepted an invitation to visit North Korea?',
    description:
      'Resolves yes if KCNA, the Kremlin or TASS reports between Sep 11 and Sep 30, 2023 that Vladimir Putin accepted an invitation to visit the DPRK. Reports that an invitation was merely extended do not count.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'diplomacy'],
    opensAt: '2023-09-11T00:00:00.000Z',
    closesAt: '2023-09-30T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'yes',
        occurredAt: N.invite,
        resolvedAt: '2023-09-14T02:15:00.000Z',
        sourceUrl: 'http://www.kcna.kp/en/article/q/7d2e4f6a8b0c1d3e5f7a9b1c3d5e7f90.kcmsf',
        note: 'KCNA: Kim invited Putin to visit the DPRK at a convenient time and Putin accepted with pleasure.',
      },
    ],
    leans: {
      yes: ['return invitations are standard and KCNA likes to print them', 'Kim will want the return visit on record'],
      no: ['the Kremlin rarely confirms travel far ahead', 'an invitation may be reported without an acceptance'],
    },
    path: [
      {
        at: '2023-09-11T00:00:00.000Z',
        p: 0.42,
        news: ['a return invitation is standard, but publishing the acceptance is not', ...T.announced],
      },
      { at: N.khasan, p: 0.45, news: T.khasan },
      { at: N.summit, p: 0.55, news: T.summit },
      { at: N.noDeals, p: 0.6, news: ['talks ran about five hours; a return visit is the obvious deliverable'] },
    ],
  },
  {
    key: 'kim-visits-komsomolsk',
    title: 'Will Kim Jong-un visit Komsomolsk-on-Amur during his trip to Russia?',
    description:
      'Resolves yes if official media show Kim Jong-un in Komsomolsk-on-Amur (Khabarovsk region) during the September 2023 trip. Resolves no when he leaves Russia without going there.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'arms', 'travel'],
    opensAt: '2023-09-11T00:00:00.000Z',
    closesAt: '2023-09-20T15:00:00.000Z',
    hideForecasts: true,
    resolutions: [
      {
        outcome: 'yes',
        occurredAt: N.komsomolsk,
        resolvedAt: '2023-09-15T06:10:00.000Z',
        sourceUrl: 'http://www.kcna.kp/en/article/q/1f3e5d7c9b2a4f6e8d0c2b4a6f8e0d1c.kcmsf',
        note: 'Kim toured the Yu. A. Gagarin aircraft plant in Komsomolsk-on-Amur on Sep 15.',
      },
    ],
    leans: {
      yes: [
        'Komsomolsk builds Su-35s and submarines, both on the wish list',
        'it is on the rail line between Amur and Primorye',
      ],
      no: ['the programme may end at the cosmodrome', 'a defence-plant visit is sensitive for Moscow'],
    },
    path: [
      {
        at: '2023-09-11T00:00:00.000Z',
        p: 0.3,
        news: ['Komsomolsk builds Su-35s and submarines; it fits the shopping list', ...T.announced],
      },
      { at: N.khasan, p: 0.4, news: T.khasan },
      { at: N.vostochnyHint, p: 0.42, news: T.vostochnyHint },
      { at: N.summit, p: 0.5, news: T.summit },
      { at: N.itinerary, p: 0.9, news: T.itinerary },
    ],
  },
  {
    key: 'kim-visits-military-site',
    title: 'Will Kim Jong-un visit a Russian military base or warship during the trip?',
    description:
      'Resolves yes if official media show Kim Jong-un at an active Russian military installation or aboard a commissioned Russian Navy ship during the September 2023 trip. Defence-industry plants and the cosmodrome do not count.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'arms', 'travel'],
    opensAt: '2023-09-11T00:00:00.000Z',
    closesAt: '2023-09-20T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'yes',
        occurredAt: N.knevichi,
        resolvedAt: '2023-09-16T05:00:00.000Z',
        sourceUrl: 'https://function.mil.ru/news_page/country/more.htm?id=12481236@egNews',
        note: 'Kim and Shoigu inspected strategic bombers at Knevichi airfield and the frigate Marshal Shaposhnikov on Sep 16.',
      },
    ],
    leans: {
      yes: [
        'the Pacific Fleet is an easy showcase',
        'Shoigu got the full tour in Pyongyang in July; reciprocity is likely',
      ],
      no: ['Moscow may keep the visit civilian-looking', 'a short trip may skip Vladivostok'],
    },
    path: [
      {
        at: '2023-09-11T00:00:00.000Z',
        p: 0.55,
        news: ['the NYT mentioned Pier 33 of the Pacific Fleet', ...T.announced],
      },
      { at: N.khasan, p: 0.58, news: T.khasan },
      { at: N.summit, p: 0.62, news: T.summit },
      { at: N.itinerary, p: 0.9, news: T.itinerary },
      { at: N.komsomolsk, p: 0.92, news: T.komsomolsk },
    ],
  },
  {
    key: 'kim-trip-length',
    title: 'How many days will Kim Jong-un spend in Russia on his September 2023 trip?',
    description:
      'Counted in calendar days, Vladivostok time, from the day he enters Russia to the day he leaves, both included, per official media.',
    type: 'ordinal',
    options: ['1-3 days', '4-5 days', '6-7 days', '8 days or more'],
    tags: ['russia', 'dprk', 'summit', 'travel'],
    opensAt: '2023-09-11T00:00:00.000Z',
    closesAt: '2023-09-13T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 2,
        occurredAt: N.leaves,
        resolvedAt: '2023-09-18T01:00:00.000Z',
        sourceUrl: 'http://www.kcna.kp/en/article/q/3c1d8e2f7a9b4c6d0e1f2a3b4c5d6e7f.kcmsf',
        note: 'Entered Russia on Sep 12 and left on Sep 17: six days.',
      },
    ],
    leans: [
      ['the 2019 trip lasted about three days'],
      ['a summit plus a couple of site visits'],
      ['a longer tour of the Far East'],
      ['a Moscow leg would stretch it'],
    ],
    path: [
      {
        at: '2023-09-11T00:00:00.000Z',
        v: [0.3, 0.38, 0.22, 0.1],
        news: ['the 2019 Vladivostok trip lasted about three days', ...T.announced],
      },
      { at: N.khasan, v: [0.26, 0.4, 0.24, 0.1], news: T.khasan },
      { at: N.summit, v: [0.2, 0.42, 0.28, 0.1], news: T.summit },
      { at: N.itinerary, v: [0.07, 0.38, 0.43, 0.12], news: T.itinerary },
    ],
  },
  {
    key: 'summit-readout-mentions-munitions',
    title: 'Will an official readout of the Kim-Putin summit explicitly mention artillery shells or ammunition?',
    description:
      'Resolves yes if a Kremlin or KCNA readout of the summit names artillery shells, ammunition or munitions. Remarks by spokespeople outside a readout do not count.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'arms'],
    opensAt: '2023-08-30T00:00:00.000Z',
    closesAt: '2023-09-14T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [
      {
        outcome: 'annulled',
        occurredAt: '2023-09-14T15:00:00.000Z',
        resolvedAt: '2023-09-15T02:30:00.000Z',
        sourceUrl: KREMLIN_VOSTOCHNY,
        note: 'Annulled: the readouts speak of "military-technical cooperation" and Putin\'s televised remarks hint at more, but nothing the criteria name. The wording cannot settle this fairly.',
      },
    ],
    leans: {
      yes: ['Putin does not mind signalling to Washington'],
      no: ['readouts avoid naming weapons under sanctions', 'both sides deny any arms trade'],
    },
    path: [
      { at: N.shoigu, p: 0.25, news: ['readouts never name weapons when sanctions are involved', ...T.shoigu] },
      { at: N.nyt, p: 0.28, news: T.nyt },
      { at: N.summit, p: 0.35, news: ['Putin mentioned military cooperation on camera', ...T.summit] },
      { at: N.noDeals, p: 0.2, news: T.noDeals },
    ],
  },

  // --- Still open in November 2026 --------------------------------------------
  {
    key: 'kim-visits-moscow-before-2028',
    title: 'Will Kim Jong-un visit Moscow before 2028?',
    description:
      'Resolves yes if official media show Kim Jong-un in Moscow at any time before Jan 1, 2028 (Moscow time). Resolves no at that date otherwise.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'travel'],
    opensAt: '2023-09-18T00:00:00.000Z',
    closesAt: '2027-12-31T21:00:00.000Z',
    hideForecasts: true,
    resolutions: [],
    leans: {
      yes: ['a return visit to Moscow is the protocol next step', 'he travels more since 2025'],
      no: ['he has never been to Moscow as leader', 'long trips expose him'],
    },
    path: [
      {
        at: '2023-09-18T00:00:00.000Z',
        p: 0.45,
        news: [
          'the 2023 trip skipped Moscow; protocol says Putin visits Pyongyang first',
          'Kim has never been to Moscow as leader',
        ],
      },
      {
        at: '2024-06-20T00:00:00.000Z',
        p: 0.5,
        news: ["Putin came to Pyongyang and signed the partnership treaty; the return visit is Moscow's turn"],
      },
      {
        at: '2024-11-05T00:00:00.000Z',
        p: 0.55,
        news: ['North Korean troops are fighting for Russia in Kursk; ties have never been closer'],
      },
      {
        at: '2025-05-10T00:00:00.000Z',
        p: 0.42,
        news: ['Kim skipped the May 9 parade in Moscow despite the Kursk role'],
      },
      {
        at: '2025-09-04T00:00:00.000Z',
        p: 0.48,
        news: ['Kim went to Beijing for the Sep 3 parade and met Putin there: he travels now'],
      },
      {
        at: '2026-02-01T00:00:00.000Z',
        p: 0.44,
        news: ['no Moscow date in sight this winter', 'nothing in KCNA about travel abroad'],
      },
      {
        at: '2026-07-01T00:00:00.000Z',
        p: 0.41,
        news: ['another half-year without a Moscow date', 'time is running down on the window'],
      },
      { at: '2026-10-01T00:00:00.000Z', p: 0.38, news: ['about fifteen months left and no signal of a trip'] },
    ],
  },
  {
    key: 'putin-visits-pyongyang-again-before-2028',
    title: 'Will Vladimir Putin visit Pyongyang again before 2028?',
    description:
      'Resolves yes if Putin is in Pyongyang in person between Jul 1, 2024 and Dec 31, 2027 (Pyongyang time). His June 2024 visit does not count.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'summit', 'travel'],
    opensAt: '2024-07-01T00:00:00.000Z',
    closesAt: '2027-12-31T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [],
    leans: {
      yes: ['the treaty relationship wants regular summits'],
      no: ['a second visit within a few years would be unusual for Putin'],
    },
    path: [
      {
        at: '2024-07-01T00:00:00.000Z',
        p: 0.2,
        news: ['he was just there in June; repeat visits within three years are rare'],
      },
      { at: '2024-11-05T00:00:00.000Z', p: 0.23, news: ['the troop deployment deepens the relationship'] },
      {
        at: '2025-09-04T00:00:00.000Z',
        p: 0.2,
        news: ["they met in Beijing; the next bilateral is Kim's turn to travel"],
      },
      {
        at: '2026-03-01T00:00:00.000Z',
        p: 0.18,
        news: ['no sign of a second trip', 'the Kremlin calendar has no Asia swing planned that I can see'],
      },
      { at: '2026-09-01T00:00:00.000Z', p: 0.16, news: ['the window keeps shrinking'] },
    ],
  },
  {
    key: 'next-kim-putin-summit-venue',
    title: 'Where will the next Kim-Putin summit after October 1, 2025 take place?',
    description:
      'Resolves to the place of the first in-person meeting between Kim Jong-un and Vladimir Putin after Oct 1, 2025, per official readouts. "Russian Far East" means the Far Eastern Federal District. Resolves to the last option if they have not met by Dec 31, 2027.',
    type: 'categorical',
    options: ['Moscow', 'Pyongyang', 'Russian Far East', 'Elsewhere', 'No summit before 2028'],
    tags: ['russia', 'dprk', 'summit'],
    opensAt: '2025-10-01T00:00:00.000Z',
    closesAt: '2027-12-31T15:00:00.000Z',
    hideForecasts: true,
    resolutions: [],
    leans: [
      ["it is Moscow's turn to host"],
      ['Putin could return for a treaty anniversary'],
      ['the Far East is the easy compromise'],
      ['a third country, as in Beijing in 2025'],
      ['no summit at all is plausible'],
    ],
    path: [
      {
        at: '2025-10-01T00:00:00.000Z',
        v: [0.3, 0.12, 0.25, 0.08, 0.25],
        news: ['Moscow is owed a visit; the Far East is the easy compromise'],
      },
      {
        at: '2026-04-01T00:00:00.000Z',
        v: [0.28, 0.12, 0.24, 0.08, 0.28],
        news: ['quiet spring; the no-summit bin gains by the calendar alone'],
      },
      {
        at: '2026-09-15T00:00:00.000Z',
        v: [0.26, 0.12, 0.22, 0.08, 0.32],
        news: ['the EEF came and went without a meeting'],
      },
    ],
  },

  // --- Closed, awaiting resolution -----------------------------------------------
  {
    key: 'russia-dprk-joint-exercise-2026',
    title: 'Will Russia and North Korea hold a publicly announced joint military exercise before Oct 1, 2026?',
    description:
      'Resolves yes if either defence ministry or KCNA announces a joint exercise of Russian and North Korean forces held between Nov 1, 2025 and Sep 30, 2026. Staff talks and port calls do not count.',
    type: 'binary',
    options: null,
    tags: ['russia', 'dprk', 'arms', 'security'],
    opensAt: '2025-11-01T00:00:00.000Z',
    closesAt: '2026-10-01T00:00:00.000Z',
    hideForecasts: false,
    resolutions: [],
    leans: {
      yes: ['the 2024 treaty has a mutual-defence clause'],
      no: ['an announced exercise would provoke Seoul and Tokyo for little gain'],
    },
    path: [
      {
        at: '2025-11-01T00:00:00.000Z',
        p: 0.3,
        news: ['the 2024 treaty has a mutual-defence clause; exercises are a natural next step'],
      },
      { at: '2026-05-01T00:00:00.000Z', p: 0.27, news: ['no exercise announced this spring'] },
      { at: '2026-09-01T00:00:00.000Z', p: 0.2, news: ['a month left and nothing scheduled in public'] },
    ],
  },
  {
    key: 'dprk-satellite-launch-2026',
    title: 'Will North Korea announce a successful satellite launch between Jan 1 and Sep 30, 2026?',
    description:
      'Resolves yes if KCNA announces that a satellite launched between Jan 1 and Sep 30, 2026 (Pyongyang time) reached orbit and US Space Force tracking confirms an object in orbit.',
    type: 'binary',
    options: null,
    tags: ['dprk', 'space', 'launches'],
    opensAt: '2025-12-15T00:00:00.000Z',
    closesAt: '2026-09-30T15:00:00.000Z',
    hideForecasts: false,
    resolutions: [],
    leans: { yes: ['Sohae has been expanded for larger rockets'], no: ['the launch cadence slowed after 2023'] },
    path: [
      {
        at: '2025-12-15T00:00:00.000Z',
        p: 0.4,
        news: ['Sohae construction continues; a launch this year is plausible'],
      },
      { at: '2026-04-01T00:00:00.000Z', p: 0.35, news: ["no launch notice to Japan's coast guard so far"] },
      { at: '2026-08-01T00:00:00.000Z', p: 0.28, news: ['two months left and no launch notices'] },
    ],
  },
];
