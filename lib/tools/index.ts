export * from './no-arguments';
export * from './tool-method.inspector';
export * from './method-tool.definition';
export * from '../chat/tool-names.check';
export * from './collect-tools';
export * from './tools.builder';
export { MISSING_DESCRIPTION_WARNING } from './missing-description.warning';
