export { investigateAlert } from './investigate-alert.ts';
