//! The demo's DNS page (`/dev/dns`): public in demo mode, like the dev mailbox; it edits the records of the DNS server
//! custom domains are checked against, so a demo visitor can "create" the records the Domains page asks for.
export { devDnsRoute } from './routes';
