/** Image uploads with the input binary stored on disk by n8n's binary data manager. */
import { describeImageUpload } from './image.cases';

describeImageUpload('filesystem');
