export { deviceRoutes } from './devices.routes.js';
export { listDevices, getDevice, createDevice, enterSerial, setLocation, fleetOverview, requestRefresh, type DeviceWithSupplies } from './devices.service.js';
export { createDeviceRepository, type DeviceRepository, type DeviceFilter, type DeviceStatus, DEVICE_STATUSES } from './devices.repository.js';
export { Device, presentDevice } from './devices.schemas.js';
