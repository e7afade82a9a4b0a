export * from './lib/mailer';
export * from './lib/outgoing-mail';
