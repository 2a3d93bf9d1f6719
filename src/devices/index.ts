export { deviceRoutes } from './devices.routes.js';
export { listDevices, getDevice, createDevice, type DeviceWithSupplies } from './devices.service.js';
export { createDeviceRepository, type DeviceRepository, type DeviceFilter } from './devices.repository.js';
