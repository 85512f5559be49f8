/**
 * Fans the event bus out between Lantern processes through NATS, so a console connected to one
 * process sees changes committed by another. Only committed events travel (the bus publishes
 * after commit). Delivery here is best-effort and live; nothing is lost for good because every
 * stored event is also in the event log, and a console that reconnects with `since` replays it.
 * Core NATS pub/sub is enough for that: the log, not the broker, is the durable record.
 */
import { randomUUID } from "node:crypto";
import { connect, JSONCodec, type NatsConnection } from "nats";
import type { BusEvent, EventBus } from "./events.ts";

const SUBJECT = "lantern.events";

interface Envelope {
  origin: string;
  events: BusEvent[];
}

export interface NatsBridge {
  connection: NatsConnection;
  close(): Promise<void>;
}

export async function bridgeToNats(bus: EventBus, url: string, subject = SUBJECT): Promise<NatsBridge> {
  const connection = await connect({ servers: url, name: "lantern", maxReconnectAttempts: -1 });
  const origin = randomUUID();
  const codec = JSONCodec<Envelope>();
  const subscription = connection.subscribe(subject);
  void (async () => {
    for await (const msg of subscription) {
      let envelope: Envelope;
      try {
        envelope = codec.decode(msg.data);
      } catch {
        continue; // not ours; a malformed message must not stop the bridge
      }
      if (envelope.origin !== origin && Array.isArray(envelope.events)) bus.deliver(envelope.events);
    }
  })();
  const removeOutbound = bus.addOutbound((events) => connection.publish(subject, codec.encode({ origin, events: [...events] })));
  return {
    connection,
    async close() {
      removeOutbound();
      await connection.drain();
    },
  };
}
