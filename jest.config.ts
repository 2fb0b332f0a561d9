import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};

export default config;
