import '@fontsource-variable/inter';
import '@fontsource-variable/noto-sans-arabic';
import './index.css';
import { i18nReady } from './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// An Arabic reader's strings are a separate chunk: render once they are in (English is immediate).
void i18nReady.then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
