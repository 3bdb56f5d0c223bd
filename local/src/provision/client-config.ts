/** SDK client settings for an emulator: its endpoint and the dummy credentials every emulator accepts. */
export function emulatorClientConfig(endpoint: string, region: string) {
  return {
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
