/// <reference types="vite/client" />

declare module 'accessible-autocomplete/dist/lib/accessible-autocomplete.react.min.js';
