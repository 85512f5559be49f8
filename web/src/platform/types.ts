/**
 * Shapes every module's views share: a name in both languages, and an event as the stream and
 * the timelines carry it. The API's view shapes, as far as the console reads them.
 */
export interface Named {
  nameZh: string;
  nameEn: string;
}

export interface StreamEvent {
  seq: number | null;
  type: string;
  stream: string;
  streamId: string;
  at: string;
  data: Record<string, any>;
}

export interface TimelineEvent extends StreamEvent {
  actorId: string | null;
}
