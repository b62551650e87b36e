// The people and bots of the system's Slack, and what they said around the incident: the monitor
// bot posting the alert (and each flap of a flapping monitor), an engineer asking whether others see
// it, a thread that wanders towards an innocent deploy, and routine deploy announcements.
import type { ChangeEvent, ChannelMessage, MonitorRecord, SlackUser } from './world-contract.ts';
import type { Scenario } from './scenario.ts';
import { intBetween, pickOne, upperAlnum } from './seeded-hash.ts';
import type { Topology } from './topology.ts';

const FIRST = ['Priya', 'Marcus', 'Lena', 'Tomasz', 'Aisha', 'Diego', 'Mei', 'Jonas', 'Fatima', 'Oliver', 'Sofia', 'Kenji', 'Nadia', 'Sam'];
const LAST = ['Raman', 'Okafor', 'Schmidt', 'Nowak', 'Haddad', 'Alvarez', 'Chen', 'Berg', 'Khan', 'Wright', 'Rossi', 'Tanaka', 'Petrova', 'Doyle'];

export function buildUsers(topology: Topology, seed: number): SlackUser[] {
  const users: SlackUser[] = [
    { id: `U0${upperAlnum(9, seed, 'datadog-bot')}`, name: 'datadog', realName: 'Datadog', title: '', isBot: true },
    { id: `U0${upperAlnum(9, seed, 'pagerduty-bot')}`, name: 'pagerduty', realName: 'PagerDuty', title: '', isBot: true },
    { id: `U0${upperAlnum(9, seed, 'argocd-bot')}`, name: 'argocd', realName: 'Argo CD', title: '', isBot: true },
  ];
  const teams = [...new Set(topology.services.map((service) => service.team).filter((team): team is string => team !== undefined))];
  teams.forEach((team, index) => {
    const first = FIRST[(index * 5 + (seed % 7)) % FIRST.length] as string;
    const last = LAST[(index * 3 + (seed % 5)) % LAST.length] as string;
    users.push({ id: `U0${upperAlnum(9, seed, 'user', team)}`, name: `${first.toLowerCase()}.${last.toLowerCase()}`, realName: `${first} ${last}`, title: `Software Engineer, ${team}`, isBot: false });
  });
  return users;
}

export function buildChatter(scenario: Scenario, topology: Topology, users: SlackUser[], monitors: MonitorRecord[], changes: ChangeEvent[], seed: number, alertAt: number, now: number): ChannelMessage[] {
  const alertChannel = topology.alertChannel ?? '#alerts';
  const bot = users[0]!;
  const argocd = users[2]!;
  const humans = users.filter((user) => !user.isBot);
  const human = (...parts: (string | number)[]) => pickOne(humans.length > 0 ? humans : users, seed, ...parts);
  const messages: ChannelMessage[] = [];
  const add = (message: ChannelMessage) => {
    if (message.at <= now) messages.push(message);
    return messages.length - 1;
  };
  for (const change of changes.filter((candidate) => candidate.kind === 'deploy')) {
    const channel = topology.services.find((service) => service.name === change.service)?.channel ?? alertChannel;
    const healthy = !change.text.endsWith('health: Progressing');
    add({ channel, at: change.at + 45_000, userId: argocd.id, text: healthy ? `:rocket: ${change.title} (sync succeeded)` : `:hourglass_flowing_sand: ${change.title}: sync started, health Progressing` });
  }
  // People announce flag flips and config pushes in their team channel before they make them.
  for (const change of changes.filter((candidate) => candidate.kind === 'feature_flag' || candidate.kind === 'config')) {
    const owner = topology.services.find((service) => service.name === change.service);
    const author = users.find((user) => !user.isBot && owner?.team !== undefined && user.title.endsWith(`, ${owner.team}`)) ?? human('change', change.service);
    const flag = change.tags.find((tag) => tag.startsWith('flag:'))?.slice(5);
    add({
      channel: owner?.channel ?? alertChannel,
      at: change.at - intBetween(40, 110, seed, change.service, change.kind, 'announce') * 1000,
      userId: author.id,
      text: change.kind === 'feature_flag' ? `rolling ${flag ?? 'the new flag'} out to everyone on ${change.service}, shout if anything looks off` : `applying the ${change.service} config update now (${change.text.split(': ').slice(1).join(': ') || 'routine change'})`,
    });
  }
  for (const monitor of monitors.slice(1)) {
    for (const state of monitor.states.slice(1)) {
      add({ channel: alertChannel, at: state.at + 20_000, userId: bot.id, text: state.status === 'Alert' ? `:red_circle: Triggered: ${monitor.name}` : `:large_green_circle: Recovered: ${monitor.name}` });
    }
  }
  const flapping = monitors.find((monitor) => monitor.states.length > 3);
  if (flapping) {
    const parent = add({ channel: alertChannel, at: Math.max(alertAt - 40 * 60_000, monitors[0]!.states[0]!.at + 60_000), userId: human('flap-q').id, text: `${flapping.name} is flapping again, is anyone looking at it?` });
    if (parent >= 0) add({ channel: alertChannel, at: messages[parent]!.at + 4 * 60_000, userId: human('flap-a').id, text: 'It has been doing that all week, I think the threshold is too tight. Will tune it after the freeze.', threadOfIndex: parent });
  }
  const alert = add({ channel: alertChannel, at: alertAt + 15_000, userId: bot.id, text: `:red_circle: Triggered: ${monitors[0]?.name ?? scenario.alert.title}\n${scenario.alert.title}` });
  const asker = human('asker');
  const question = pickOne([
    `anyone else seeing errors on ${scenario.alert.service}?`,
    `${scenario.alert.service} looks unhappy, is someone on it?`,
    `getting reports from support about ${scenario.alert.service}, looking`,
  ], seed, scenario.id, 'question');
  const thread = add({ channel: alertChannel, at: alertAt + intBetween(60, 150, seed, scenario.id, 'ask') * 1000, userId: asker.id, text: question });
  const innocent = changes.find((change) => change.kind === 'deploy' && change.at < alertAt - 20 * 60_000);
  if (thread >= 0 && alert >= 0) {
    add({
      channel: alertChannel,
      at: messages[thread]!.at + intBetween(40, 100, seed, scenario.id, 'reply') * 1000,
      userId: human('replier').id,
      text: innocent ? `${innocent.service} had a deploy earlier today, could that be it?` : 'seeing it too, dashboards are red',
      threadOfIndex: thread,
    });
  }
  // Chronological order; thread references follow their parents to the new positions.
  const order = messages.map((message, index) => ({ message, index })).sort((a, b) => a.message.at - b.message.at || a.index - b.index);
  const position = new Map(order.map((entry, newIndex) => [entry.index, newIndex]));
  return order.map(({ message }) => (message.threadOfIndex === undefined ? message : { ...message, threadOfIndex: position.get(message.threadOfIndex)! }));
}
