//! A local fake of WhatsApp's Graph API and WasenderAPI, with signed webhooks back to Parley: demo mode and tests.
