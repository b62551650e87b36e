import { createInMemoryGraph } from '../../../services/graph/in-memory-graph.ts';
import { serviceGraphContract } from './service-graph-contract.ts';

serviceGraphContract('in-memory', async (nodes) => createInMemoryGraph(nodes));
