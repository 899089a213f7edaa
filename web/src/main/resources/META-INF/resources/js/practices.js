// The five practices and the fields of each, as journal-service takes them (EntryRequest).

export const FEELINGS = ['CALM', 'HOPEFUL', 'GRATEFUL', 'CONNECTED', 'TENDER', 'NERVOUS', 'AFRAID', 'ASHAMED', 'SAD', 'LONELY', 'FRUSTRATED', 'RELIEVED'];
export const feelingLabel = (f) => f.charAt(0) + f.slice(1).toLowerCase();

export const PRACTICES = [
  {
    id: 'HONEST_SENTENCE', name: 'One honest sentence', short: 'Honest sentence',
    invite: 'Say one true thing about how you feel to someone.',
    fields: [
      { name: 'sentence', label: 'Your honest sentence', type: 'textarea', max: 500, rows: 3 },
      { name: 'sharedWith', label: 'Who you said it to (optional)', type: 'text', max: 100 },
      { name: 'shared', label: 'I said it out loud', type: 'checkbox', initial: true },
      { name: 'courage', label: 'How much courage it took', type: 'range', min: 1, max: 5, initial: 3, low: 'a little', high: 'a lot' },
      { name: 'feeling', label: 'How you feel now (optional)', type: 'select', options: FEELINGS, optional: true },
    ],
  },
  {
    id: 'PRESENT_LISTENING', name: 'Listening with presence', short: 'Listening',
    invite: 'Listen to someone without fixing, advising or rushing.',
    fields: [
      { name: 'listenedTo', label: 'Who you listened to', type: 'text', max: 100 },
      { name: 'minutes', label: 'Minutes', type: 'number', min: 0, max: 600, initial: 10 },
      { name: 'urgeToFix', label: 'How strong the urge to fix was', type: 'range', min: 0, max: 10, initial: 5, low: 'none', high: 'very strong' },
      { name: 'heard', label: 'What you heard underneath the words', type: 'textarea', max: 4000, rows: 3 },
    ],
  },
  {
    id: 'RITUAL_OF_OPENNESS', name: 'Nightly ritual of openness', short: 'Ritual',
    invite: 'Share a gratitude, or one truth you have not said yet.',
    fields: [
      { name: 'kind', label: 'Tonight it is', type: 'radio', options: [['GRATITUDE', 'A gratitude'], ['UNSAID_TRUTH', 'A truth I haven’t said']], initial: 'GRATITUDE' },
      { name: 'text', label: 'What you shared', type: 'textarea', max: 4000, rows: 3 },
    ],
  },
  {
    id: 'INNER_CRITIC_REFRAME', name: 'Softening the inner critic', short: 'Inner critic',
    invite: 'Notice what the critic whispers, and answer it kindly.',
    fields: [
      { name: 'whisper', label: 'What the inner critic whispered', type: 'textarea', max: 4000, rows: 2 },
      { name: 'reframe', label: 'Your kinder answer', type: 'textarea', max: 4000, rows: 2 },
      { name: 'intensityBefore', label: 'Intensity before', type: 'range', min: 0, max: 10, initial: 7, low: 'quiet', high: 'loud' },
      { name: 'intensityAfter', label: 'Intensity after', type: 'range', min: 0, max: 10, initial: 4, low: 'quiet', high: 'loud' },
    ],
  },
  {
    id: 'BODY_ANCHOR', name: 'The body as anchor', short: 'Body anchor',
    invite: 'A hand on your heart and a few slow breaths.',
    fields: [
      { name: 'breaths', label: 'Slow breaths', type: 'counter', min: 1, max: 1000, initial: 0 },
      { name: 'handOnHeart', label: 'Hand on my heart', type: 'checkbox', initial: true },
      { name: 'calmBefore', label: 'Calm before', type: 'range', min: 0, max: 10, initial: 3, low: 'unsettled', high: 'very calm' },
      { name: 'calmAfter', label: 'Calm after', type: 'range', min: 0, max: 10, initial: 6, low: 'unsettled', high: 'very calm' },
    ],
  },
];

export const practiceById = (id) => PRACTICES.find((p) => p.id === id);

/** A one-line summary of an entry for lists: the person's own words, shown only to them. */
export function summaryOf(e) {
  switch (e.practice) {
    case 'HONEST_SENTENCE': return e.sentence || '';
    case 'PRESENT_LISTENING': return `${e.minutes ?? '?'} minutes with ${e.listenedTo || 'someone'}${e.heard ? ` — ${e.heard}` : ''}`;
    case 'RITUAL_OF_OPENNESS': return e.text || '';
    case 'INNER_CRITIC_REFRAME': return e.reframe ? `“${e.reframe}”` : (e.whisper || '');
    case 'BODY_ANCHOR': return `${e.breaths ?? '?'} breaths, calm ${e.calmBefore ?? '?'} → ${e.calmAfter ?? '?'}`;
    default: return '';
  }
}
