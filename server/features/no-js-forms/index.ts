export { EncryptionSlots } from './encryption-slots';
export { NoJsFormsService } from './no-js-forms.service';
export { noJsFormsRoutes } from './no-js-forms.routes';
export { fillSubmissionToken } from './submission-token';
