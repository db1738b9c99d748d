export {
  OffboardingService,
  type OffboardingCounts,
  type OffboardingDependencies,
  type OffboardingHooks,
  type StoredMessageKind,
} from './offboarding.service';
