/** The call events of the contract (Standard Webhooks payload shape), as the console reads them. */
export interface CallEvent {
  type: string;
  timestamp: string;
  data: CallEventData;
}

export interface CallEventData {
  callId: string;
  seq: number;
  direction?: string;
  transport?: string;
  from?: string;
  to?: string;
  profile?: string;
  state?: string;
  reason?: string;
  durationMs?: number;
  speaker?: string;
  text?: string;
  itemId?: string;
  interrupted?: boolean;
  name?: string;
  toolCallId?: string;
  action?: string;
  by?: string;
  detail?: string;
  [other: string]: unknown;
}

export function parseCallEvent(data: string): CallEvent | null {
  try {
    const event = JSON.parse(data) as CallEvent;
    return event && typeof event.type === "string" && event.data && typeof event.data.callId === "string"
      ? event
      : null;
  } catch {
    return null;
  }
}
