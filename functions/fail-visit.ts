// Placeholder until the notify handler lands; answers 501.
export const handler = async () => ({ statusCode: 501, body: 'not implemented' });
