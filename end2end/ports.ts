/** Each demo's port: playwright.config.ts starts the servers on them, the tests open them. */
export const PORTS = { reference: 3110, hello: 3111, typewriter: 3112, interface: 3113, kitchenSink: 3114, customComponent: 3115, image: 3116, tabbed: 3117, chat: 3118, multimodalChat: 3119, firstApp: 3120, big: 3121 };
