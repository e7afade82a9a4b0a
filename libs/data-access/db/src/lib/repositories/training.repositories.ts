/** Repositories of uploads, activities, weekly metrics, symptom logs, risk profiles and findings. */
export const TRAINING_REPOSITORIES = [];
