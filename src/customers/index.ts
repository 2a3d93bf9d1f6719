export { customerRoutes } from './customers.routes.js';
export { createCustomer, getCustomer, listCustomers, createSite, listSites, updateCustomer, siteOfCustomer } from './customers.service.js';
export { createCustomerRepository, type CustomerRepository } from './customers.repository.js';
