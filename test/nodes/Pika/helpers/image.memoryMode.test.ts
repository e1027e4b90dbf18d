/** Image uploads with the input binary held in memory (n8n's default binary data mode). */
import { describeImageUpload } from './image.cases';

describeImageUpload('default');
