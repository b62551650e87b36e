export { investigateAlert, searchFurther } from './investigate-alert.ts';
