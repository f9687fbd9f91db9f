export { readNdjsonBatches, openInput, MAX_LINE_BYTES, type NdjsonRecord, type NdjsonOptions, type BadLinePolicy } from './ndjson.js';
export { eventObject, toLogicalEvent } from './logical-event.js';
export { checkNativeEvent, nativeToLogical, type NativeSchema } from './native-event.js';
