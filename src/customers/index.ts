export { customerRoutes } from './customers.routes.js';
export { createCustomer, getCustomer, listCustomers, createSite, listSites, getSite, updateCustomer, siteOfCustomer, type SiteWithLeadTime } from './customers.service.js';
export { createCustomerRepository, type CustomerRepository } from './customers.repository.js';
