export * from './emulator-script.types';
export * from './emulator-wire.types';
export * from './recorded-request.types';
export * from './emulated-embedding';
export * from './provider-emulator';
export { builtInWires } from './wires';
export * from './websocket.endpoint';
export type { ReceivedSteer, SteeringMode } from './websocket-steering';
