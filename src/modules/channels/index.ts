export { createChannelsService, presentChannel, type ChannelsService, type ChannelInput } from './channels.service.ts';
export { PLATFORMS, PLATFORM_LABELS, CHANNEL_STATUSES, CHANNEL_KINDS, type Platform, type ChannelStatus } from './channels.fns.ts';
export { registerChannelRoutes } from './channels.routes.ts';
