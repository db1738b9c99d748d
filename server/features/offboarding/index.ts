export {
  OffboardingService,
  type OffboardingCounts,
  type OffboardingDependencies,
  type OffboardingHooks,
  type OffboardingOptions,
  type OffboardingPlan,
  type StoredMessageKind,
} from './offboarding.service';
