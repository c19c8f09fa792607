/**
 * The capture wizard: pick a VM → generalized or specialized → target → safety copy → guest
 * preparation → review (type the VM's name) → run (the step list) → summary. One screen whose
 * pure state lives in `capture-state.ts`; every step declares its keys as data, and exactly one
 * part of it owns the keyboard at a time (the frame's keys, a text field, or the run's keys).
 * The rules, the plan and the run are the domain's (`assessCapture`, `capturePlan`, `resumePlan`,
 * `observeCapture`, `captureSteps`, `runSteps`): `azimg capture` runs the very same.
 */
import { useContext, useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, Text } from 'ink';
import { allFindings, type CaptureAssessment, type CaptureTarget } from '../../domain/capture.js';
import { captureSteps, observeCapture } from '../../domain/capture-run.js';
import { capturePlan, resumePlan } from '../../domain/capture-plan.js';
import { describeError, isAzureError, AzureError } from '../../domain/errors.js';
import type { GalleryImageDefinition, GalleryImageVersion, ManagedImage, VirtualMachine } from '../../domain/estate.js';
import { buildEstateSnippets } from '../../domain/estate-snippets.js';
import type { OperationHandle } from '../../domain/operations.js';
import { pendingSteps, runSteps, type StepStatus } from '../../domain/steps.js';
import { sanitize } from '../../domain/text.js';
import { Frame } from '../components/frame.js';
import { Loaded } from '../components/feedback.js';
import { useTextInput } from '../components/input.js';
import { BACK_KEY, FILTER_KEY, ListView, MOVE_KEYS, RELOAD_KEY, useList, type ListRow, type ListScreenCtx } from '../components/list.js';
import { StepList } from '../components/steps.js';
import type { FooterEntry } from '../components/status.js';
import { useAppContext, type AppContextValue } from '../context.js';
import { cacheKey, DataContext, useResource } from '../data.js';
import type { Keymap } from '../keys.js';
import { HOME, route, type Route } from '../nav.js';
import { TypedName } from '../components/typed-name.js';
import { usePalette } from '../theme.js';
import { COPY_SNIPPET_KEY, DocView, Lines, NEXT_SNIPPET_KEY, SCROLL_KEYS, useDetailDoc, useDocScroll, type DetailCtx } from './detail.js';
import { findingLines, guestDoc, modeDoc, reviewDoc, safetyDoc, summaryDoc, type SummaryFacts } from './capture-doc.js';
import {
  applicableFix,
  assessWizard,
  captureTarget,
  cycleIndex,
  definitionOptionIndex,
  findingsBadge,
  galleryOptionIndex,
  INITIAL_WIZARD,
  needsGuestStep,
  STEP_TITLES,
  stepNumber,
  suggestWords,
  targetFields,
  vmFactsLine,
  vmListAssessment,
  wizardPlan,
  wizardReducer,
  type DefinitionOption,
  type GalleryOption,
  type WizardAction,
  type WizardState,
} from './capture-state.js';
import { defineScreen } from './registry.js';
import { GALLERIES_KEY, definitionsKey, versionsKey, versionKey, definitionKey } from './galleries.js';
import { IMAGES_KEY, imageKey } from './images.js';

declare module '../nav.js' {
  interface ScreenParamsMap {
    /** `vm`: `RG/NAME` of a VM to start with (the list is skipped when it is found). */
    capture: { vm?: string };
  }
}

/** The stack that opens the wizard directly (`:capture`, `azimg capture` in a terminal): home beneath it. */
export function captureRoutes(vm?: string): Route[] {
  return [HOME, route('capture', vm ? { vm } : {})];
}

export const VMS_KEY = 'estate|vms';
/** How often the run looks at the VM while its guest shuts itself down (GET VM is budgeted per VM). */
const STOPPED_POLL_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// Keys, as data, per step

/** What the keys of a choice step (mode, safety, guest) act on. */
export interface ChoiceCtx extends ListScreenCtx {
  readonly readOnly: boolean;
}

const CHOOSE_KEY = { keys: ['enter', 'right', 'l'], label: '⏎', description: 'choose and go on', action: (c: ListScreenCtx) => c.list.selected && c.open(c.list.selected) };
const STEP_BACK_KEY = { keys: ['escape', 'backspace', 'h', 'left'], label: 'Esc', description: 'back one step', action: (c: ListScreenCtx) => c.back() };

/** Step 1: the VM list. Esc leaves the wizard. */
export const VM_KEYS: Keymap<ListScreenCtx> = [...MOVE_KEYS, { ...CHOOSE_KEY, description: 'capture this VM' }, FILTER_KEY, { ...BACK_KEY, description: 'leave the wizard (clears a filter first)' }, RELOAD_KEY];

/** Steps 2, 4, 5: a short list of choices. */
export const CHOICE_KEYS: Keymap<ListScreenCtx> = [...MOVE_KEYS, CHOOSE_KEY, STEP_BACK_KEY];

/** What the target form's keys act on. */
export interface TargetCtx {
  move(delta: number): void;
  activate(): void;
  cycle(dir: 1 | -1): void;
  fix(): void;
  next(): void;
  back(): void;
}

/** Step 3: the target form. */
export const TARGET_KEYS: Keymap<TargetCtx> = [
  { keys: ['up', 'k'], label: '↑/k', description: 'previous field', action: (c) => c.move(-1), secondary: true },
  { keys: ['down', 'j'], label: '↓/j', description: 'next field', action: (c) => c.move(1), secondary: true },
  { keys: ['enter', ' '], label: '⏎', description: 'edit / switch', action: (c) => c.activate() },
  { keys: ['right', 'l'], label: '→', description: 'next choice', action: (c) => c.cycle(1), secondary: true },
  { keys: ['left', 'h'], label: '←', description: 'previous choice', action: (c) => c.cycle(-1), secondary: true },
  { keys: ['f'], label: 'f', description: 'apply the fix', action: (c) => c.fix() },
  { keys: ['n', 'tab'], label: 'n', description: 'next step', action: (c) => c.next() },
  { keys: ['escape', 'backspace'], label: 'Esc', description: 'back one step', action: (c) => c.back() },
];

/** While a field of the form is edited (the text field owns the keyboard). */
export const EDIT_KEYS: readonly FooterEntry[] = [
  { label: '⏎', description: 'keep' },
  { label: 'Esc', description: 'cancel edit' },
];

/** Step 6: the review's text field owns the keyboard; these are its keys. */
export const REVIEW_KEYS: readonly FooterEntry[] = [
  { label: '⏎', description: 'start' },
  { label: '↑/↓', description: 'scroll' },
  { label: 'Esc', description: 'back one step' },
];

/** What the run's keys act on. */
export interface RunCtx {
  stop(): void;
  retry(): void;
  summary(): void;
  back(): void;
}

/** Step 7 while it runs: Esc stops waiting; q and Ctrl-C (global) quit and report what still runs. */
export const RUN_KEYS: Keymap<RunCtx> = [{ keys: ['escape'], label: 'Esc', description: 'stop waiting (Azure may still finish)', action: (c) => c.stop() }];

/** Step 7 once it ended. */
export const RUN_ENDED_KEYS: Keymap<RunCtx> = [
  { keys: ['enter'], label: '⏎', description: 'summary', action: (c) => c.summary() },
  { keys: ['r'], label: 'r', description: 'run again (resumes)', action: (c) => c.retry() },
  { keys: ['escape'], label: 'Esc', description: 'back to the review', action: (c) => c.back() },
];

/** What the summary's keys act on. */
export interface SummaryCtx extends DetailCtx {
  myImages(): void;
}

/** Step 8. */
export const SUMMARY_KEYS: Keymap<SummaryCtx> = [
  ...SCROLL_KEYS,
  NEXT_SNIPPET_KEY,
  COPY_SNIPPET_KEY,
  { keys: ['i'], label: 'i', description: 'open My images / Galleries', action: (c) => c.myImages() },
  { keys: ['escape', 'enter'], label: 'Esc', description: 'leave the wizard', action: (c) => c.back() },
];

// ---------------------------------------------------------------------------------------------
// The screen

function StepHeader({ s, readOnly, width }: { s: WizardState; readOnly: boolean; width: number }) {
  const palette = usePalette();
  const n = stepNumber(s);
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {readOnly ? <Text {...palette.warning}>read-only: nothing will be sent · </Text> : null}
        <Text {...palette.accent}>
          Capture · step {n.at} of {n.of}: {STEP_TITLES[s.step]}
        </Text>
        {s.vm ? <Text {...palette.muted}> · {sanitize(s.vm.name)}</Text> : null}
      </Text>
    </Box>
  );
}

function CaptureWizard({ params }: { params: { vm?: string } }) {
  const app = useAppContext();
  const [s, dispatch] = useReducer(wizardReducer, INITIAL_WIZARD);
  const { columns, bodyHeight } = app.layout;
  const readOnly = app.connection.readOnly;
  const vms = useResource(VMS_KEY, () => app.services.vms.listVms());

  // Opened for one VM (`azimg capture` with --vm but nothing else): start with it.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !params.vm || vms.status !== 'ready') return;
    opened.current = true;
    const [rg, name] = params.vm.split('/');
    const vm = vms.data.find((v) => v.name.toLowerCase() === (name ?? '').toLowerCase() && v.resourceGroup.toLowerCase() === (rg ?? '').toLowerCase());
    if (vm) dispatch({ type: 'pickVm', vm, now: Date.now() });
    else app.notify(`No VM ${params.vm} in this subscription: pick one from the list.`, 'error');
  }, [params.vm, vms, app]);

  const props = { s, dispatch, app, width: columns, height: bodyHeight - 1, readOnly };
  switch (s.step) {
    case 'vm':
      return <VmStep {...props} vms={vms} />;
    case 'mode':
    case 'safety':
    case 'guest':
      return <ChoiceStep key={s.step} {...props} />;
    case 'target':
      return <TargetStep {...props} />;
    case 'review':
      return <ReviewStep {...props} />;
    case 'run':
      return <RunStep {...props} />;
    case 'summary':
      return <SummaryStep {...props} />;
  }
}

interface StepProps {
  readonly s: WizardState;
  readonly dispatch: (a: WizardAction) => void;
  readonly app: AppContextValue;
  readonly width: number;
  /** Rows under the step header. */
  readonly height: number;
  readonly readOnly: boolean;
}

// ---------------------------------------------------------------------------------------------
// 1. Pick a VM

const PANEL_ROWS = 5;

function VmStep({ s, dispatch, app, width, height, readOnly, vms }: StepProps & { vms: ReturnType<typeof useResource<VirtualMachine[]>> }) {
  const now = useMemo(() => Date.now(), []);
  const data = vms.status === 'ready' ? vms.data : undefined;
  const assessed = useMemo(() => new Map((data ?? []).map((v) => [v.id, vmListAssessment(v, now)])), [data, now]);
  const rows = useMemo<ListRow[]>(
    () =>
      (data ?? []).map((v) => ({
        id: v.id,
        text: sanitize(v.name),
        detail: `${sanitize(v.resourceGroup)} · ${sanitize(vmFactsLine(v))} · ${findingsBadge(assessed.get(v.id)!)}`,
        searchText: `${v.resourceGroup} ${v.osType ?? ''} ${v.location}`,
      })),
    [data, assessed],
  );
  const list = useList(rows, Math.max(1, height - 1 - PANEL_ROWS - 1));
  const selected = data?.find((v) => v.id === list.selected?.id);
  const ctx: ListScreenCtx = {
    list,
    open: (row) => {
      const vm = data?.find((v) => v.id === row.id);
      if (vm) dispatch({ type: 'pickVm', vm, now: Date.now() });
    },
    back: () => app.navigate({ type: 'pop' }),
    reload: vms.reload,
  };
  const a = selected ? assessed.get(selected.id) : undefined;
  return (
    <Frame title="Capture: pick a VM" keymap={VM_KEYS} ctx={ctx} keysActive={!list.state.editing}>
      <StepHeader s={s} readOnly={readOnly} width={width} />
      <Loaded resource={vms} what="virtual machines" width={width}>
        {() => (
          <Box flexDirection="column">
            <ListView list={list} title="Virtual machines" width={width} active emptyText="No VMs in this subscription." />
            {a && selected ? (
              <Box flexDirection="column" marginTop={1}>
                <Text wrap="truncate-end">
                  <Text bold>{sanitize(selected.name)}</Text>
                  <Text> as a generalized gallery version (recommended):</Text>
                </Text>
                <Lines lines={findingLines(a, width, PANEL_ROWS - 1)} width={width} />
              </Box>
            ) : null}
          </Box>
        )}
      </Loaded>
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// 2, 4, 5. Short choices: the app's own list component (one keyboard owner)

interface Choice {
  readonly id: string;
  readonly text: string;
  readonly detail: string;
  readonly apply: WizardAction;
}

function choicesFor(s: WizardState): Choice[] {
  switch (s.step) {
    case 'mode':
      return [
        { id: 'generalized', text: 'Generalized', detail: 'a template for many VMs; the source VM ends', apply: { type: 'setMode', mode: 'generalized' } },
        { id: 'specialized', text: 'Specialized', detail: 'a copy of this machine; the source VM keeps working', apply: { type: 'setMode', mode: 'specialized' } },
      ];
    case 'safety':
      return [
        { id: 'snapshot', text: 'Take a safety snapshot first', detail: 'recommended', apply: { type: 'setSnapshot', snapshot: true } },
        { id: 'none', text: 'No safety copy', detail: 'nothing to go back to if the guest preparation goes wrong', apply: { type: 'setSnapshot', snapshot: false } },
      ];
    default:
      return [
        { id: 'run', text: 'Prepare the guest through Run Command', detail: 'azimg runs the script below', apply: { type: 'setGuestPrepared', guestPrepared: false } },
        { id: 'manual', text: 'I did it by hand', detail: 'the guest is deprovisioned / sysprepped and shut down', apply: { type: 'setGuestPrepared', guestPrepared: true } },
      ];
  }
}

function currentChoice(s: WizardState): string {
  if (s.step === 'mode') return s.mode;
  if (s.step === 'safety') return s.snapshot ? 'snapshot' : 'none';
  return s.guestPrepared ? 'manual' : 'run';
}

function ChoiceStep({ s, dispatch, app, width, height, readOnly }: StepProps) {
  const choices = useMemo(() => choicesFor(s), [s]);
  const rows = useMemo<ListRow[]>(() => choices.map((c) => ({ id: c.id, text: c.text, detail: c.detail })), [choices]);
  const start = Math.max(0, choices.findIndex((c) => c.id === currentChoice(s)));
  const list = useList(rows, rows.length, { saved: { query: '', editing: false, cursor: start, top: 0 }, save: () => undefined });
  const highlighted = choices.find((c) => c.id === list.selected?.id) ?? choices[0]!;
  const ctx: ListScreenCtx = {
    list,
    open: (row) => {
      const c = choices.find((x) => x.id === row.id);
      if (!c) return;
      dispatch(c.apply);
      dispatch({ type: 'next' });
    },
    back: () => dispatch({ type: 'back' }),
    reload: () => undefined,
  };
  const vm = s.vm!;
  let body: ReturnType<typeof modeDoc>;
  if (s.step === 'mode') body = modeDoc(highlighted.id === 'specialized' ? 'specialized' : 'generalized', width);
  else if (s.step === 'safety') body = highlighted.id === 'snapshot' ? safetyDoc(vm, wizardPlan({ ...s, snapshot: true })!, width) : safetyDoc(vm, { steps: [], sourceAfter: '', snapshotName: '(none: no snapshot is taken)' }, width).slice(0, 1);
  else body = guestDoc(vm, width);
  const note =
    s.step === 'mode'
      ? vm.osState === 'generalized'
        ? 'Azure already reports this VM generalized: a generalized image needs no guest step.'
        : 'The wizard recommends a gallery target next; only a gallery holds specialized images.'
      : s.step === 'guest'
        ? 'A deprovision in the foreground of a Run Command never returns: the script runs it detached, and azimg waits until Azure reports the VM stopped.'
        : 'The snapshot is taken before anything irreversible.';
  return (
    <Frame title={`Capture: ${STEP_TITLES[s.step]}`} keymap={CHOICE_KEYS} ctx={ctx}>
      <StepHeader s={s} readOnly={readOnly} width={width} />
      <ListView list={list} title={STEP_TITLES[s.step]} width={width} active showTotal={false} />
      <Text> </Text>
      <Lines lines={body.slice(0, Math.max(0, height - rows.length - 4))} width={width} />
      <Text wrap="truncate-end" dimColor>
        {app.connection.mode === 'demo' && s.step === 'guest' ? 'Demo: the emulator models the guest and its shutdown.' : note}
      </Text>
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Target

const notFound = (e: unknown) => isAzureError(e) && e.kind === 'notFound';

function useTargetData(s: WizardState, app: AppContextValue) {
  const { galleries, images } = app.services;
  const f = s.form;
  const gal = useResource(GALLERIES_KEY, () => galleries.listGalleries());
  const existingGallery = f.kind === 'gallery' && f.galleryKind === 'existing';
  const defs = useResource(existingGallery ? definitionsKey(f.galleryResourceGroup, f.galleryName) : 'capture|no-definitions', () =>
    existingGallery ? galleries.listDefinitions(f.galleryResourceGroup, f.galleryName) : Promise.resolve([] as GalleryImageDefinition[]),
  );
  const existingDef = existingGallery && f.definitionKind === 'existing';
  const vers = useResource(existingDef ? versionsKey(f.galleryResourceGroup, f.galleryName, f.definition.name) : 'capture|no-versions', () =>
    existingDef ? galleries.listVersions(f.galleryResourceGroup, f.galleryName, f.definition.name) : Promise.resolve([] as GalleryImageVersion[]),
  );
  const managed = f.kind === 'managedImage' && f.imageResourceGroup !== '' && f.imageName !== '';
  const image = useResource(managed ? cacheKey('capture', 'image', f.imageResourceGroup, f.imageName) : 'capture|no-image', async () => {
    if (!managed) return { found: undefined as ManagedImage | undefined };
    // A list, not a GET: a name still free is the normal case, not a 404 for the status line.
    try {
      const all = await images.listImages({ resourceGroup: f.imageResourceGroup });
      return { found: all.find((i) => i.name.toLowerCase() === f.imageName.toLowerCase()) };
    } catch (e) {
      if (notFound(e)) return { found: undefined };
      throw e;
    }
  });
  return { gal, defs, vers, image, existingDef };
}

function TargetStep({ s, dispatch, app, width, height, readOnly }: StepProps) {
  const palette = usePalette();
  const { gal, defs, vers, image, existingDef } = useTargetData(s, app);
  const vm = s.vm!;
  const f = s.form;

  // The versions of an existing definition arrived: propose the next free number.
  const versionsData = vers.status === 'ready' && existingDef ? vers.data : undefined;
  useEffect(() => {
    if (versionsData) dispatch({ type: 'versionsLoaded', definition: f.definition.name, versions: versionsData });
  }, [versionsData, f.definition.name, dispatch]);

  const galleryOptions = useMemo<GalleryOption[]>(() => {
    const list = gal.status === 'ready' ? [...gal.data] : [];
    // Galleries in the VM's region first: a version is created in its gallery's region.
    list.sort((a, b) => Number(b.location === vm.location) - Number(a.location === vm.location) || a.name.localeCompare(b.name));
    return [{ kind: 'new' }, ...list.map((g) => ({ kind: 'existing' as const, gallery: g }))];
  }, [gal, vm.location]);
  const definitionOptions = useMemo<DefinitionOption[]>(
    () => [{ kind: 'new' }, ...(defs.status === 'ready' ? defs.data.map((d) => ({ kind: 'existing' as const, definition: d })) : [])],
    [defs],
  );

  const assessment = assessWizard(s, { now: Date.now(), existingImage: image.status === 'ready' ? image.data.found : undefined });
  const fix = applicableFix(assessment);
  const fields = targetFields(s);
  const field = fields[s.field];

  const cycle = (dir: 1 | -1) => {
    if (!field) return;
    if (field.id === 'kind') dispatch({ type: 'setKind', kind: f.kind === 'gallery' ? 'managedImage' : 'gallery' });
    else if (field.id === 'gallery') {
      if (gal.status !== 'ready') return app.notify('Galleries are still loading…', 'info');
      dispatch({ type: 'chooseGallery', option: galleryOptions[cycleIndex(galleryOptions.length, galleryOptionIndex(s, galleryOptions), dir)]! });
    } else if (field.id === 'definition') {
      if (definitionOptions.length === 1 && f.galleryKind === 'existing' && defs.status !== 'ready') return app.notify('Definitions are still loading…', 'info');
      if (definitionOptions.length === 1) return app.notify('A new gallery has no definitions yet: azimg creates one that fits.', 'info');
      dispatch({ type: 'chooseDefinition', option: definitionOptions[cycleIndex(definitionOptions.length, definitionOptionIndex(s, definitionOptions), dir)]! });
    } else if (field.id === 'excludeFromLatest') dispatch({ type: 'toggleExclude' });
  };
  const ctx: TargetCtx = {
    move: (d) => dispatch({ type: 'moveField', delta: d }),
    activate: () => (field?.kind === 'text' ? dispatch({ type: 'startEdit' }) : cycle(1)),
    cycle,
    fix: () => {
      if (!fix) return app.notify('No finding here has a fix azimg can apply.', 'info');
      dispatch({ type: 'applySuggest', finding: fix });
      app.notify(`Applied: ${suggestWords(fix)}.`, 'ok');
    },
    next: () => {
      const b = assessment.blocking[0];
      if (b) return app.notify(`${b.title}: ${b.fix}`, 'error');
      dispatch({ type: 'next' });
    },
    back: () => dispatch({ type: 'back' }),
  };

  const editing = s.editing;
  useTextInput({
    value: editing?.text ?? '',
    onChange: (text) => dispatch({ type: 'editText', text }),
    onSubmit: () => dispatch({ type: 'commitEdit' }),
    onCancel: () => dispatch({ type: 'cancelEdit' }),
    isActive: editing !== undefined,
  });

  const labelWidth = 20;
  const findingRows = Math.max(2, height - fields.length - 2);
  const hint = fix ? `f: ${suggestWords(fix)}` : undefined;
  return (
    <Frame title="Capture: target" keymap={TARGET_KEYS} ctx={ctx} keysActive={editing === undefined} dialogKeys={editing ? EDIT_KEYS : undefined}>
      <StepHeader s={s} readOnly={readOnly} width={width} />
      {fields.map((fl, i) => {
        const sel = i === s.field;
        const value = editing && editing.field === fl.id ? editing.text : fl.value;
        const mark = fl.kind === 'choice' ? '‹› ' : fl.kind === 'toggle' ? '[ ] ' : '';
        return (
          <Box key={fl.id} width={width} height={1}>
            <Text wrap="truncate-end" {...(sel && !editing ? palette.selected : {})}>
              {sel ? '› ' : '  '}
              <Text {...(sel ? {} : palette.muted)}>{fl.label.padEnd(labelWidth)}</Text>
              {sel && fl.kind !== 'text' ? mark : ''}
              {sanitize(value)}
              {editing && editing.field === fl.id ? <Text inverse> </Text> : null}
            </Text>
          </Box>
        );
      })}
      <Box width={width} height={1}>
        <Text wrap="truncate-end" {...palette.accent}>
          Findings{hint ? <Text {...palette.key}> · {hint}</Text> : null}
        </Text>
      </Box>
      <Lines lines={findingLines(assessment, width, findingRows)} width={width} />
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// 6. Review

function ReviewStep({ s, dispatch, app, width, height, readOnly }: StepProps) {
  const palette = usePalette();
  const vm = s.vm!;
  const target = captureTarget(s);
  const plan = wizardPlan(s)!;
  const assessment = assessWizard(s, { now: Date.now() });
  const lines = reviewDoc(vm, target, plan, assessment, width);
  const confirmRows = 4 + (s.mismatch ? 1 : 0) + (readOnly ? 1 : 0);
  const scroll = useDocScroll({ lines, snippetLine: 0 }, Math.max(3, height - confirmRows));
  const typed = useRef(s.typed);
  typed.current = s.typed;
  useTextInput({
    value: s.typed,
    onChange: (t) => {
      typed.current = t;
      dispatch({ type: 'type', typed: t });
    },
    onSubmit: () => {
      if (typed.current !== vm.name) return dispatch({ type: 'confirm' });
      if (readOnly) return app.notify('Not started: read-only mode, nothing is sent to Azure.', 'error');
      if (assessment.blocking.length > 0) return app.notify(`${assessment.blocking[0]!.title}: ${assessment.blocking[0]!.fix}`, 'error');
      dispatch({ type: 'confirm' });
    },
    onCancel: () => dispatch({ type: 'back' }),
    onArrow: (d) => scroll.scroll(d),
    isActive: true,
  });
  return (
    <Frame title="Capture: review" keymap={[]} ctx={{}} keysActive={false} dialogKeys={REVIEW_KEYS}>
      <StepHeader s={s} readOnly={readOnly} width={width} />
      <DocView doc={{ lines, snippetLine: 0 }} scroll={scroll} width={width} />
      <Box flexDirection="column" width={width} borderStyle="round" paddingX={1} flexShrink={0}>
        {readOnly ? (
          <Text wrap="truncate-end" {...palette.warning}>
            Read-only mode: this is the plan; azimg will not send it.
          </Text>
        ) : null}
        <TypedName
          prompt="Type the VM's name to start"
          name={vm.name}
          typed={s.typed}
          mismatch={s.mismatch ? `That is not the name. Type ${sanitize(vm.name)} exactly (case matters).` : undefined}
        />
      </Box>
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// 7. Run

/** A step's detail for the list: ARM ids cut to their last part, so each fits one row at 80 columns. */
export function shortenStep(step: StepStatus): StepStatus {
  const short = (t: string | undefined) => t?.replace(/\/subscriptions\/[^\s]+\/([^/\s]+)\/([^/\s]+)/g, '…/$1/$2');
  return { ...step, detail: short(step.detail), note: short(step.note) };
}

function abortError(): AzureError {
  return new AzureError('Cancelled', 'Stopped waiting.', 'cancelled');
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Forgets cached lists the capture changed, so My images and Galleries ask Azure again. */
function forgetChanged(app: AppContextValue, cache: { forget(key: string): void }, vm: VirtualMachine, t: CaptureTarget) {
  cache.forget(VMS_KEY);
  if (t.kind === 'managedImage') {
    cache.forget(IMAGES_KEY);
    cache.forget(imageKey(t.resourceGroup, t.name));
    cache.forget(cacheKey('capture', 'image', t.resourceGroup, t.name));
  } else {
    const d = t.definition.definition.name;
    cache.forget(GALLERIES_KEY);
    cache.forget(definitionsKey(t.resourceGroup, t.gallery.name));
    cache.forget(definitionKey(t.resourceGroup, t.gallery.name, d));
    cache.forget(versionsKey(t.resourceGroup, t.gallery.name, d));
    cache.forget(versionKey(t.resourceGroup, t.gallery.name, d, t.version));
  }
  void app;
  void vm;
}

function RunStep({ s, dispatch, app, width, readOnly }: StepProps) {
  const palette = usePalette();
  const { cache } = useContext(DataContext);
  const abort = useRef<AbortController | undefined>(undefined);
  const alive = useRef(true);
  const guestDone = useRef(false);
  const started = useRef(0);
  const run = s.run!;
  const vm = s.vm!;
  const target = useMemo(() => captureTarget(s), [s.form, s.mode]); // eslint-disable-line react-hooks/exhaustive-deps

  const start = () => {
    if (readOnly) {
      dispatch({ type: 'runEnded', ok: false, stopped: false, error: 'Read-only mode: nothing was sent to Azure.' });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    const signal = controller.signal;
    const handles = new Map<string, OperationHandle>();
    const services = app.services;
    dispatch({ type: 'runStarted' });
    void (async () => {
      try {
        const guestPrepared = s.guestPrepared || guestDone.current || !needsGuestStep(s);
        const seen = await observeCapture(vm, target, services, { signal, guestPrepared });
        const plan = resumePlan(capturePlan(seen.vm, target, { snapshot: s.snapshot, guestPrepared, now: s.stamp }), seen.observation);
        const specs = captureSteps({ vm: seen.vm, target, plan, services, wait, stoppedPollMs: STOPPED_POLL_MS });
        if (!alive.current) return;
        dispatch({ type: 'runPlanned', plan, steps: pendingSteps(specs) });
        const result = await runSteps(specs, {
          signal,
          onChange: (steps) => {
            // Each write Azure accepted is in the app's log until it settles, so quitting reports it.
            for (const st of steps) {
              const h = handles.get(st.id);
              if (st.state === 'running' && st.accepted && !h) {
                const op = app.operations.start({
                  action: `the capture step "${st.title}" on VM ${vm.resourceGroup}/${vm.name}`,
                  check: `azimg vms show ${vm.resourceGroup}/${vm.name}`,
                  // What the status line says while it runs, instead of "idle".
                  label: `capturing ${vm.name}: ${st.title.charAt(0).toLowerCase()}${st.title.slice(1)}`,
                });
                op.accepted();
                handles.set(st.id, op);
              } else if (h && (st.state === 'done' || st.state === 'failed')) {
                h.finish();
                handles.delete(st.id);
              }
              if (st.id === 'guest-prepare' && st.state === 'done') guestDone.current = true;
            }
            if (alive.current) dispatch({ type: 'runProgress', steps });
          },
        });
        forgetChanged(app, cache, vm, target);
        if (!alive.current) return;
        const at = result.at;
        dispatch({
          type: 'runEnded',
          ok: result.ok,
          stopped: result.stopped,
          steps: result.steps,
          error: at && !result.ok ? `${at.title}: ${at.note ?? 'failed'}` : undefined,
          hint: at?.hint,
        });
        if (result.stopped) app.notify(`Stopped waiting; Azure may still finish "${at?.title ?? 'the running step'}".`, 'info');
        else if (result.ok) app.notify(`Captured ${vm.name}. ⏎ shows the summary.`, 'ok');
      } catch (e) {
        if (!alive.current) return;
        const stopped = signal.aborted;
        dispatch({ type: 'runEnded', ok: false, stopped, error: stopped ? 'Stopped before anything was sent.' : describeError(e), hint: isAzureError(e) ? e.hint : undefined });
      }
    })();
  };

  useEffect(() => {
    alive.current = true;
    if (started.current === 0) {
      started.current = 1;
      start();
    }
    return () => {
      alive.current = false;
      abort.current?.abort();
    };
    // Runs once when the step opens; `r` runs again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const running = run.phase === 'observing' || run.phase === 'running';
  const ctx: RunCtx = {
    stop: () => {
      if (!running || run.stopping) return;
      dispatch({ type: 'runStopping' });
      abort.current?.abort();
    },
    retry: () => start(),
    summary: () => {
      dispatch({ type: 'summary' });
    },
    back: () => dispatch({ type: 'back' }),
  };
  const keymap = running ? RUN_KEYS : run.phase === 'done' ? RUN_ENDED_KEYS.filter((k) => k.keys.includes('enter')) : RUN_ENDED_KEYS.filter((k) => !k.keys.includes('enter'));
  // Steps that never applied to this capture fold into one line, so the list fits 24 rows.
  const skippedByPlan = new Set((run.plan?.steps ?? []).filter((x) => x.skippedBecause).map((x) => x.id));
  const shown = run.steps.filter((x) => !skippedByPlan.has(x.id as never)).map(shortenStep);
  const folded = run.steps.length - shown.length;
  return (
    <Frame title="Capture: running" keymap={keymap} ctx={ctx}>
      <StepHeader s={s} readOnly={readOnly} width={width} />
      {run.phase === 'observing' ? (
        <Text {...palette.muted}>Reading what Azure already shows for {sanitize(vm.name)} (a second run resumes)…</Text>
      ) : null}
      <StepList steps={shown} width={width} />
      {folded > 0 ? (
        <Text wrap="truncate-end" {...palette.muted}>
          – {folded} step{folded === 1 ? '' : 's'} not needed for this capture
        </Text>
      ) : null}
      {run.phase === 'failed' ? (
        <Box flexDirection="column" width={width}>
          <Text wrap="wrap" {...palette.error}>
            ✗ {sanitize(run.error ?? 'The capture failed.')}
          </Text>
          <Text wrap="wrap" {...palette.muted}>
            {run.hint ? sanitize(run.hint) : 'r runs it again: the steps already done are skipped.'}
          </Text>
        </Box>
      ) : null}
      {run.phase === 'stopped' ? (
        <Text wrap="wrap" {...palette.warning}>
          ■ Stopped waiting. Azure may still finish what it accepted; r looks again and resumes.
        </Text>
      ) : null}
      {run.phase === 'done' ? (
        <Text wrap="truncate-end" {...palette.ok}>
          ✓ Done. ⏎ shows the summary.
        </Text>
      ) : null}
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// 8. Summary

interface SummaryData {
  facts: SummaryFacts;
  source: Parameters<typeof buildEstateSnippets>[0];
}

async function loadSummary(app: AppContextValue, s: WizardState): Promise<SummaryData> {
  const vm = s.vm!;
  const t = captureTarget(s);
  const plan = s.run?.plan;
  const { images, galleries, snapshots } = app.services;
  const snaps = s.snapshot ? await snapshots.listSnapshots({ resourceGroup: vm.resourceGroup }) : [];
  const snap = snaps.find((x) => x.tags['azimg-capture-source']?.toLowerCase() === vm.id.toLowerCase());
  const sourceAfter = plan?.sourceAfter ?? '';
  if (t.kind === 'managedImage') {
    const image = await images.getImage(t.resourceGroup, t.name);
    return { facts: { vm, target: t, imageId: image.id, sourceAfter, snapshotId: snap?.id }, source: { kind: 'managedImage', image } };
  }
  const d = t.definition.definition.name;
  const [definition, version] = await Promise.all([galleries.getDefinition(t.resourceGroup, t.gallery.name, d), galleries.getVersion(t.resourceGroup, t.gallery.name, d, t.version)]);
  return { facts: { vm, target: t, imageId: version.id, sourceAfter, snapshotId: snap?.id }, source: { kind: 'gallery', definition, version } };
}

function SummaryStep({ s, app, width, height, readOnly }: StepProps) {
  const t = captureTarget(s);
  const key = cacheKey('capture', 'summary', s.vm!.id, t.kind === 'managedImage' ? `${t.resourceGroup}/${t.name}` : `${t.gallery.name}/${t.definition.definition.name}/${t.version}`);
  const summary = useResource(key, () => loadSummary(app, s));
  const data = summary.status === 'ready' ? summary.data : undefined;
  const detail = useDetailDoc({
    data,
    snippets: (d: SummaryData) => buildEstateSnippets(d.source, { resourceGroup: s.vm!.resourceGroup, location: s.vm!.location }),
    doc: (d: SummaryData, snippets, index, w) => summaryDoc(d.facts, snippets, index, w),
    width,
    height,
  });
  const ctx: SummaryCtx = {
    ...detail.actions,
    reload: summary.reload,
    back: () => app.navigate({ type: 'pop' }),
    myImages: () =>
      app.navigate({
        type: 'reset',
        routes: [HOME, t.kind === 'managedImage' ? route('my-images', {}) : route('galleries', {})],
      }),
  };
  return (
    <Frame title="Capture: summary" keymap={SUMMARY_KEYS} ctx={ctx}>
      <StepHeader s={s} readOnly={readOnly} width={width} />
      <Loaded resource={summary} what="the new image" width={width}>
        {() => <DocView doc={detail.doc} scroll={detail.scroll} width={width} />}
      </Loaded>
    </Frame>
  );
}

export const captureScreen = defineScreen({
  id: 'capture',
  crumb: () => 'Capture',
  Component: CaptureWizard,
  home: { label: 'Capture', description: 'make an image from a VM (guided, safe the first time)', open: () => route('capture', {}), order: 50 },
});

/** Every finding of an assessment, for callers that list them (kept here for the screen's tests). */
export function findingTitles(a: CaptureAssessment): string[] {
  return allFindings(a).map((f) => f.title);
}
