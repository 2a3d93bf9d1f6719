/** Purchasing: purchase suggestions from the fleet's forecasts, purchase orders received against by scan, supplier lead times. */
export { purchasingRoutes } from './purchasing.routes.js';
export { createPurchasingRepository, type PurchasingRepository } from './purchasing.repository.js';
export { checkReceiptAgainstOrder, arrivedAgainstOrders, createPurchaseOrder, getPurchaseOrder, listPurchaseOrders, purchaseSuggestionsFor, type PurchaseOrderView } from './purchasing.service.js';
export { purchaseSuggestions, cycleDaysOf, needDates, type PurchaseSuggestion, type SupplyDemand, type ItemSupply } from './suggestions.js';
export { purchaseOrderStatus, receiptProblem, PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from './purchase-orders.js';
